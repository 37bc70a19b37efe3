#!/usr/bin/env python3
"""Writes the tiny pickle fixtures of the dataset readers' tests (synthetic content only).

Output: nasbench/src/test/resources/data/*.pkl (a few KB each). Regenerate with
    /usr/bin/python3 tools/reference/make_pickle_fixtures.py
(needs numpy; written against numpy 1.24 / Python 3.11, but the Python-2-style files are emitted
opcode by opcode, so they do not depend on the running versions). CI never runs this script.

Pixel rule shared with the Java tests: byte j of image row i is (37*i + 11*j + 5) % 256.

The real CIFAR python batches and the ImageNet16 files were written by Python 2 (cPickle,
protocol 2): str keys as SHORT_BINSTRING, the array bytes as one BINSTRING, BINPUT after every
memoisable object. Python 3 cannot write that form any more, so Py2Writer emits it by hand;
each such file is checked by loading it back with pickle.load(encoding='latin1'), the way
torchvision and xautodl read them.
"""
import os
import pickle
import struct
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                   'nasbench', 'src', 'test', 'resources', 'data')


def pixels(n, row):
    i = np.arange(n).reshape(-1, 1)
    j = np.arange(row).reshape(1, -1)
    return ((37 * i + 11 * j + 5) % 256).astype(np.uint8)


class Py2Writer:
    """Emits protocol-2 opcodes the way Python 2's cPickle does for dicts, lists, str and ndarrays."""

    def __init__(self, numpy_module='numpy.core.multiarray'):
        self.out = bytearray(b'\x80\x02')
        self.memo = 0
        self.numpy_module = numpy_module

    def put(self):
        self.out += b'q' + bytes([self.memo])  # BINPUT (fixtures stay below 256 memo entries)
        self.memo += 1

    def str(self, s):
        b = s.encode('latin-1')
        if len(b) < 256:
            self.out += b'U' + bytes([len(b)]) + b  # SHORT_BINSTRING
        else:
            self.out += b'T' + struct.pack('<i', len(b)) + b  # BINSTRING
        self.put()

    def int(self, v):
        if 0 <= v < 256:
            self.out += b'K' + bytes([v])
        elif 0 <= v < 65536:
            self.out += b'M' + struct.pack('<H', v)
        else:
            self.out += b'J' + struct.pack('<i', v)

    def glob(self, module, name):
        self.out += b'c' + module.encode() + b'\n' + name.encode() + b'\n'
        self.put()

    def value(self, v):
        if isinstance(v, str):
            self.str(v)
        elif isinstance(v, bool) or v is None:
            self.out += {True: b'\x88', False: b'\x89', None: b'N'}[v]
        elif isinstance(v, int):
            self.int(v)
        elif isinstance(v, list):
            self.out += b']'
            self.put()
            if v:
                self.out += b'('
                for x in v:
                    self.value(x)
                self.out += b'e'  # APPENDS
        elif isinstance(v, dict):
            self.out += b'}'
            self.put()
            self.out += b'('
            for k, x in v.items():
                self.value(k)
                self.value(x)
            self.out += b'u'  # SETITEMS
        elif isinstance(v, np.ndarray):
            self.array(v)
        else:
            raise TypeError(type(v))

    def array(self, a):
        self.glob(self.numpy_module, '_reconstruct')
        self.glob('numpy', 'ndarray')
        self.int(0)
        self.out += b'\x85'  # TUPLE1: shape (0,)
        self.put()
        self.str('b')
        self.out += b'\x87'  # TUPLE3
        self.put()
        self.out += b'R'
        self.put()
        self.out += b'('  # state: (1, shape, dtype, is_fortran, raw)
        self.int(1)
        self.out += b'('
        for d in a.shape:
            self.int(d)
        self.out += b't'
        self.put()
        self.glob('numpy', 'dtype')
        self.str(a.dtype.kind + str(a.dtype.itemsize))
        self.int(0)
        self.int(1)
        self.out += b'\x87'
        self.put()
        self.out += b'R'
        self.put()
        self.out += b'('  # dtype state (3, byteorder, None, None, None, -1, -1, 0)
        self.int(3)
        self.str('|' if a.dtype.itemsize == 1 else '<')
        self.out += b'NNN'
        self.out += b'J' + struct.pack('<i', -1) + b'J' + struct.pack('<i', -1)
        self.int(0)
        self.out += b't'
        self.put()
        self.out += b'b'  # BUILD the dtype
        self.out += b'\x89'  # is_fortran = False
        self.str(np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes().decode('latin-1'))
        self.out += b't'
        self.put()
        self.out += b'b'  # BUILD the array

    def dump(self, v):
        self.value(v)
        self.out += b'.'
        return bytes(self.out)


def same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and (a == b).all()
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) == type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) == type(b) and a == b


def write(name, data, expect=None):
    if expect is not None:
        back = pickle.loads(data, encoding='latin1')
        assert same(expect, back), name
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)
    print('%-28s %6d bytes' % (name, len(data)))


def main():
    os.makedirs(OUT, exist_ok=True)
    cifar10 = {'batch_label': 'synthetic batch 1 of 1', 'labels': [3, 8],
               'data': pixels(2, 3072), 'filenames': ['fake_0.png', 'fake_1.png']}
    write('cifar10_py2_batch.pkl', Py2Writer().dump(cifar10), cifar10)

    cifar100 = {'filenames': ['fake_0.png'], 'batch_label': 'synthetic train', 'fine_labels': [42],
                'coarse_labels': [7], 'data': pixels(1, 3072)}
    write('cifar100_py2_train.pkl', Py2Writer().dump(cifar100), cifar100)

    imagenet = {'data': pixels(6, 768), 'labels': [1, 120, 121, 1000, 7, 120],
                'mean': np.array([0.25, -1.5, 3.0], dtype=np.float64)}
    write('imagenet16_py2_batch.pkl', Py2Writer().dump(imagenet), imagenet)

    numpy2 = {'data': pixels(1, 768), 'labels': [5]}
    write('numpy2_spelling_py2.pkl', Py2Writer('numpy._core.multiarray').dump(numpy2))

    shared = [1, 2]
    mixed = {'data': np.arange(12, dtype=np.uint8).reshape(3, 4),
             'labels': np.array([1, -2, 3], dtype=np.int64),
             'f32': np.array([1.5, -2.25], dtype=np.float32),
             'i32': np.array([[7], [-8]], dtype=np.int32),
             'scalar': np.int64(7), 'fscalar': np.float64(0.5),
             'big': 2 ** 70, 'neg': -123456789, 'minus_one': -1, 'flt': 3.25, 'none': None,
             'flags': (True, False), 'nested': [shared, {'k': 'v'}, shared], 'text': 'h\u00e9llo \u2713',
             'raw': b'\x00\xffab', 'empty': ()}
    for proto in (2, 3, 4, 5):
        write('mixed_protocol%d.pkl' % proto, pickle.dumps(mixed, protocol=proto), mixed)

    # A pickle that would run a shell command if a reader executed globals. Written as bytes,
    # never loaded here; the Java reader must refuse it at the GLOBAL opcode.
    evil = b'\x80\x02cos\nsystem\nq\x00X\x07\x00\x00\x00echo hiq\x01\x85q\x02Rq\x03.'
    write('evil_global.pkl', evil)


if __name__ == '__main__':
    sys.exit(main())
