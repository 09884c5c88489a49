import { describe, expect, it } from 'vitest';
import { compareCodes, displayNumbers, nextMeasureCode } from '../../../src/domain/numbering.js';
import { measure, node, planContent } from './fixtures.js';

describe('displayNumbers', () => {
  it('shows written numbers and codes as the plan writes them (Södertälje)', () => {
    const { nodes } = planContent([
      node('f1', { number: '1', measures: [measure('m11', { code: '1:1' }), measure('m12', { code: '1:2' })] }),
      node('f2', { number: '2', measures: [measure('m21', { code: '2:1' })] }),
    ]);
    expect(Object.fromEntries(displayNumbers(nodes))).toEqual({
      f1: '1',
      m11: '1:1',
      m12: '1:2',
      f2: '2',
      m21: '2:1',
    });
  });

  it('derives numbers from positions where nothing is written (Kalmar)', () => {
    const { nodes } = planContent([
      node('a', { measures: [measure('a1'), measure('a2')] }),
      node('b', { children: [node('b1'), node('b2', { measures: [measure('b2m')] })] }),
    ]);
    const numbers = displayNumbers(nodes);
    expect(numbers.get('a')).toBe('1');
    expect(numbers.get('a1')).toBe('1.1');
    expect(numbers.get('a2')).toBe('1.2');
    expect(numbers.get('b')).toBe('2');
    expect(numbers.get('b1')).toBe('2.1');
    expect(numbers.get('b2')).toBe('2.2');
    expect(numbers.get('b2m')).toBe('2.2.1');
  });

  it('derives a child number from its parent’s written number (Växjö)', () => {
    const { nodes } = planContent([node('area', { number: '3.1', children: [node('item1', { number: '3.1.1' }), node('item2')] })]);
    const numbers = displayNumbers(nodes);
    expect(numbers.get('item1')).toBe('3.1.1');
    expect(numbers.get('item2')).toBe('3.1.2');
  });

  it('follows positions, not array order', () => {
    const { nodes } = planContent([node('late', { position: 1 }), node('early', { position: 0 })]);
    expect(displayNumbers(nodes).get('early')).toBe('1');
    expect(displayNumbers(nodes).get('late')).toBe('2');
  });

  it('never gives a derived number that collides with a written one', () => {
    const { nodes } = planContent([
      node('n', { number: '3.1', measures: [measure('first'), measure('written', { code: '3.1.1' }), measure('third')] }),
    ]);
    const numbers = displayNumbers(nodes);
    expect(numbers.get('written')).toBe('3.1.1');
    expect(numbers.get('first')).toBe('3.1.2');
    expect(numbers.get('third')).toBe('3.1.3');
    expect(new Set(numbers.values()).size).toBe(numbers.size);
  });

  it('keeps derived node numbers apart from written ones elsewhere in the plan', () => {
    const { nodes } = planContent([node('x', { number: '2' }), node('y')]);
    // y is second, but "2" is written on x, so y moves on.
    expect(displayNumbers(nodes).get('y')).toBe('3');
  });

  it('keeps sub-goal numbers stable when their parent also has measures', () => {
    const { nodes } = planContent([
      node('g', { measures: [measure('m1'), measure('m2')], children: [node('s1'), node('s2')] }),
    ]);
    const numbers = displayNumbers(nodes);
    expect([numbers.get('s1'), numbers.get('s2')]).toEqual(['1.1', '1.2']);
    expect([numbers.get('m1'), numbers.get('m2')]).toEqual(['1.3', '1.4']);
  });

  it('ignores blank written numbers and trims written ones', () => {
    const { nodes } = planContent([node('x', { number: '  ', measures: [measure('m', { code: ' 1:1 ' })] })]);
    expect(displayNumbers(nodes).get('x')).toBe('1');
    expect(displayNumbers(nodes).get('m')).toBe('1:1');
  });
});

describe('compareCodes', () => {
  it('sorts codes naturally', () => {
    expect(compareCodes('1:2', '1:10')).toBeLessThan(0);
    expect(compareCodes('3.1.2', '3.1.10')).toBeLessThan(0);
    expect(compareCodes('2', '10')).toBeLessThan(0);
    expect(compareCodes('10', '2')).toBeGreaterThan(0);
    expect(compareCodes('3.1', '3.1.1')).toBeLessThan(0);
    expect(compareCodes('2:1', '1:9')).toBeGreaterThan(0);
    expect(compareCodes('1:3', '1:3')).toBe(0);
  });

  it('puts missing codes last', () => {
    expect(['1:10', null, '1:2', undefined, '', '1:1'].sort(compareCodes)).toEqual(['1:1', '1:2', '1:10', null, '', undefined]);
    expect(compareCodes(null, null)).toBe(0);
  });

  it('gives a total order for codes that differ only in zero padding', () => {
    expect(compareCodes('01', '1')).not.toBe(0);
    expect(Math.sign(compareCodes('01', '1'))).toBe(-Math.sign(compareCodes('1', '01')));
  });
});

describe('nextMeasureCode', () => {
  it('continues the siblings’ style', () => {
    expect(nextMeasureCode(['1:1', '1:2', '1:3', '1:4'])).toBe('1:5');
    expect(nextMeasureCode(['3.1.1', '3.1.2'])).toBe('3.1.3');
    expect(nextMeasureCode(['A9'])).toBe('A10');
    expect(nextMeasureCode(['09', '08'])).toBe('10');
    expect(nextMeasureCode(['1.1.'])).toBe('1.2.');
  });

  it('continues after the highest code in natural order, not the last given', () => {
    expect(nextMeasureCode(['1:10', '1:9', '1:2'])).toBe('1:11');
  });

  it('does not fill gaps (Södertälje has no 1:7)', () => {
    expect(nextMeasureCode(['1:6', '1:8', '1:9'])).toBe('1:10');
  });

  it('skips siblings without codes', () => {
    expect(nextMeasureCode([null, '2:1', null])).toBe('2:2');
  });

  it('is null when siblings have no numbered codes', () => {
    expect(nextMeasureCode([])).toBeNull();
    expect(nextMeasureCode([null, null])).toBeNull();
    expect(nextMeasureCode(['A', ' '])).toBeNull();
  });
});
