import { nodeType, type PortType } from '../../../contracts/node-types';

/**
 * The words the properties form uses for steps, parameters and their values, for every other
 * place that names them (the version diff, hints, ports, screen-reader labels), so that nowhere
 * shows a parameter key or an option value as the code spells it.
 */

/** Option values that are not plain words. Others (mean, lbfgs, sqrt) read as they are. */
const OPTION_WORDS: Record<string, string> = {
  most_frequent: 'most frequent',
  if_binary: 'if binary',
  minmax: 'min-max',
  roc_auc: 'ROC AUC',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  f1: 'F1'
};

/** How an option reads in a select, a checkbox or the diff: null is "None". */
export function optionLabel(option: unknown): string {
  if (option === null) return 'None';
  const text = String(option);
  return OPTION_WORDS[text] ?? text;
}

/**
 * A parameter's description as a hint: "null" is what the code stores for an empty field, so it
 * reads "left empty"; option values read as the select shows them.
 */
export function plainHint(description: string): string {
  return description
    .replace(/\bnull\b/g, 'left empty, it')
    .replace(
      /\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b(?:minmax|rmse|mae|r2|f1)\b/g,
      (word) => OPTION_WORDS[word] ?? word
    );
}

export const stepTypeName = (type: string): string => nodeType(type)?.label ?? type;

/** "test_size" and "testSize" read as "Test size" when the schema gives no title. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A parameter's name as its form field is labelled. */
export function paramTitle(type: string, key: string): string {
  return nodeType(type)?.params.properties[key]?.title || humanize(key);
}

/** Whether `key` of step type `type` is a choice among options (so its values read as options). */
export function isChoice(type: string, key: string): boolean {
  const schema = nodeType(type)?.params.properties[key];
  return Boolean(schema?.enum || schema?.items?.enum);
}

const PORT_TYPE_WORDS: Record<PortType, string> = {
  table: 'rows',
  split: 'a train / test split',
  model: 'a fitted model',
  metrics: 'scores'
};

/** What flows through a port of this type, in words. */
export const portTypeWords = (type: string): string => PORT_TYPE_WORDS[type as PortType] ?? type;
