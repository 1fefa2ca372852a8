import { describe, expect, it } from 'vitest';
import {
  isClassTargetName,
  isCodeName,
  isIdName,
  isStrongCodeName,
  nameTokens,
  targetNameRank
} from './name-hints';

describe('name hints', () => {
  it('tokenises snake, camel and spaced names', () => {
    expect(nameTokens('customerID')).toEqual(['customer', 'id']);
    expect(nameTokens('sepal length (cm)')).toEqual(['sepal', 'length', 'cm']);
    expect(nameTokens('HTTPStatus_code')).toEqual(['http', 'status', 'code']);
  });

  it('recognises identifier names', () => {
    for (const n of ['id', 'ID', 'customer_id', 'userId', 'uuid', 'order_key', 'Unnamed: 0', 'index'])
      expect(isIdName(n)).toBe(true);
    for (const n of ['idle_time', 'valid', 'width', 'keyboard', 'paid']) expect(isIdName(n)).toBe(false);
  });

  it('recognises code names', () => {
    expect(isStrongCodeName('station_zip')).toBe(true);
    expect(isStrongCodeName('plan_code')).toBe(false);
    expect(isCodeName('plan_code')).toBe(true);
    expect(isCodeName('ProductType')).toBe(true);
    expect(isCodeName('price')).toBe(false);
  });

  it('ranks target names', () => {
    expect(targetNameRank('target')).toBe(0);
    expect(targetNameRank('Label')).toBe(1);
    expect(targetNameRank('target_class')).toBe(0);
    expect(targetNameRank('churn')).toBeGreaterThan(targetNameRank('class'));
    expect(targetNameRank('price')).toBeGreaterThan(targetNameRank('churn'));
    expect(targetNameRank('sepal length (cm)')).toBe(-1);
    expect(targetNameRank('class_weight_price')).toBe(-1);
    expect(isClassTargetName('class')).toBe(true);
    expect(isClassTargetName('price')).toBe(false);
  });
});
