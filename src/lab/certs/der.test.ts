import { describe, expect, it } from 'vitest';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  integer,
  namedBits,
  oid,
  sequence,
  set,
  time,
  tlv,
} from './der.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('DER encoding', () => {
  it('uses the short length form below 128 bytes and the long form from 128 on', () => {
    expect(hex(tlv(0x04, Buffer.alloc(127)))).toMatch(/^047f/);
    expect(hex(tlv(0x04, Buffer.alloc(128)))).toMatch(/^048180/);
    expect(hex(tlv(0x04, Buffer.alloc(256)))).toMatch(/^04820100/);
    expect(tlv(0x04, Buffer.alloc(70_000)).length).toBe(70_000 + 5);
  });

  it.each([
    [0, '020100'],
    [127, '02017f'],
    [128, '02020080'],
    [256, '02020100'],
    [-1, '0201ff'],
    [-128, '020180'],
    [-129, '0202ff7f'],
  ])('encodes INTEGER %i in the fewest two-complement bytes', (value, expected) => {
    expect(hex(integer(value))).toBe(expected);
  });

  it('encodes a 128-bit serial with a leading zero when its top bit is set', () => {
    expect(hex(integer(0xff00000000000000000000000000000fn))).toBe('021100ff00000000000000000000000000000f');
  });

  it.each([
    ['2.5.4.3', '0603550403'],
    ['1.2.840.10045.2.1', '06072a8648ce3d0201'],
    ['1.2.840.10045.4.3.2', '06082a8648ce3d040302'],
    ['1.3.6.1.5.5.7.3.1', '06082b06010505070301'],
  ])('encodes OID %s', (dotted, expected) => {
    expect(hex(oid(dotted))).toBe(expected);
  });

  it('rejects malformed OIDs', () => {
    expect(() => oid('3.1')).toThrow();
    expect(() => oid('1')).toThrow();
    expect(() => oid('1.2.x')).toThrow();
  });

  it('drops trailing zero bits of a named-bit string and counts them as unused', () => {
    expect(hex(namedBits([0]))).toBe('03020780'); // digitalSignature
    expect(hex(namedBits([0, 5, 6]))).toBe('03020186'); // + keyCertSign, cRLSign
    expect(hex(namedBits([8]))).toBe('0303070080'); // decipherOnly: the second byte's high bit
    expect(hex(bitString(Buffer.of(0xab)))).toBe('030200ab');
  });

  it('writes UTCTime up to 2049 and GeneralizedTime from 2050, to the second in UTC', () => {
    const utc = time(new Date('2049-12-31T23:59:59.999Z'));
    expect(utc[0]).toBe(0x17);
    expect(utc.subarray(2).toString('latin1')).toBe('491231235959Z');
    const generalized = time(new Date('2050-01-01T00:00:00Z'));
    expect(generalized[0]).toBe(0x18);
    expect(generalized.subarray(2).toString('latin1')).toBe('20500101000000Z');
    expect(time(new Date('1999-02-03T04:05:06Z')).subarray(2).toString('latin1')).toBe('990203040506Z');
  });

  it('sorts SET OF elements and nests constructed and context-tagged values', () => {
    expect(hex(set(integer(2), integer(1)))).toBe('3106020101020102');
    expect(hex(sequence(boolean(true), boolean(false)))).toBe('30060101ff010100');
    expect(hex(explicit(0, integer(2)))).toBe('a003020102');
    expect(hex(implicitPrimitive(7, Buffer.of(127, 0, 0, 1)))).toBe('87047f000001');
  });
});
