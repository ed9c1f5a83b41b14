/**
 * Structural equality for `toEqual`: same primitives (by `Object.is`), same array items in
 * order, same own enumerable keys with equal values (keys holding `undefined` are ignored, as in
 * Jest), same Map entries and Set members. Prototypes are not compared.
 */

const objectIs = Object.is;
const isArray = Array.isArray;
const ownKeys = Object.keys;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Reports whether `left` and `right` are structurally equal.
 * @param left - the actual value.
 * @param right - the expected value.
 */
export function deepEqual(left: unknown, right: unknown): boolean {
  return equalInner(left, right, []);
}

function equalInner(left: unknown, right: unknown, stack: Array<[unknown, unknown]>): boolean {
  if (objectIs(left, right)) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  for (const [seenLeft, seenRight] of stack) {
    if (seenLeft === left && seenRight === right) return true;
  }
  const nextStack: Array<[unknown, unknown]> = [...stack, [left, right]];
  if (isArray(left) || isArray(right)) {
    if (!isArray(left) || !isArray(right) || left.length !== right.length) return false;
    for (let index = 0; index < left.length; index += 1) {
      if (!equalInner(left[index], right[index], nextStack)) return false;
    }
    return true;
  }
  if (left instanceof Date || right instanceof Date) {
    return left instanceof Date && right instanceof Date && objectIs(left.getTime(), right.getTime());
  }
  if (left instanceof RegExp || right instanceof RegExp) {
    return left instanceof RegExp && right instanceof RegExp && String(left) === String(right);
  }
  if (left instanceof Map || right instanceof Map) {
    if (!(left instanceof Map) || !(right instanceof Map) || left.size !== right.size) return false;
    for (const [key, value] of left) {
      if (!right.has(key) || !equalInner(value, right.get(key), nextStack)) return false;
    }
    return true;
  }
  if (left instanceof Set || right instanceof Set) {
    if (!(left instanceof Set) || !(right instanceof Set) || left.size !== right.size) return false;
    for (const member of left) {
      if (!right.has(member)) return false;
    }
    return true;
  }
  if (left instanceof Error && right instanceof Error) {
    if (left.name !== right.name || left.message !== right.message) return false;
  }
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  const leftKeys = ownKeys(leftRecord).filter((key) => leftRecord[key] !== undefined);
  const rightKeys = ownKeys(rightRecord).filter((key) => rightRecord[key] !== undefined);
  if (leftKeys.length !== rightKeys.length) return false;
  for (const key of leftKeys) {
    if (!hasOwn.call(rightRecord, key)) return false;
    if (!equalInner(leftRecord[key], rightRecord[key], nextStack)) return false;
  }
  return true;
}
