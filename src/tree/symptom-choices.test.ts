import { describe, expect, it } from 'vitest';
import { symptomChoices } from './symptom-choices.js';
import { decodeSymptom } from './symptom-decoder.js';

describe('symptomChoices', () => {
  it.each(symptomChoices.flatMap((c) => (c.kind === 'symptom' ? [[c.label, c.text, c.family] as const] : [])))(
    '"%s" hands the engine a message that decodes to its family',
    (_label, text, family) => {
      expect(decodeSymptom(text).id).toBe(family);
    },
  );

  it('has unique values, one paste entry and one "I don\'t know" entry, last', () => {
    const values = symptomChoices.map((c) => c.value);
    expect(new Set(values).size).toBe(values.length);
    expect(symptomChoices.filter((c) => c.kind === 'paste')).toHaveLength(1);
    expect(symptomChoices.at(-1)?.kind).toBe('unknown');
  });

  it('keeps every label on one line of a 60-column terminal, beside the select pointer', () => {
    for (const choice of symptomChoices) expect(choice.label.length, choice.label).toBeLessThanOrEqual(56);
  });

  it('fits a 24-row terminal below the header, the question and above the key bar', () => {
    expect(symptomChoices.length).toBeLessThanOrEqual(10);
  });
});
