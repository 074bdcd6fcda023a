import { Box, Text } from 'ink';
import type { DecodedSymptom } from '../tree/symptom.js';
import { symptomChoices, type SymptomChoice } from '../tree/symptom-choices.js';
import { ChoiceSelect } from './ChoiceSelect.js';
import { PastedSymptom } from './PastedSymptom.js';
import { useKeys } from './use-keys.js';

export interface SymptomPickerProps {
  /** The list of symptoms, or the input for a pasted message. */
  readonly mode: 'list' | 'paste';
  readonly pastedText: string;
  /** What the pasted message means; null while it is empty or the decoder loads. */
  readonly pastedMeaning: DecodedSymptom | null;
  readonly onPick: (choice: SymptomChoice) => void;
  readonly onPasteChange: (text: string) => void;
  readonly onPasteSubmit: () => void;
  /** Esc in the input: back to the list. */
  readonly onPasteCancel: () => void;
  /** Esc on the list: back to the verdict, nothing recorded. */
  readonly onCancel: () => void;
  readonly onQuit: () => void;
}

const items = symptomChoices.map((choice) => ({ key: choice.value, label: choice.label, value: choice }));

/**
 * "What did you see?", asked from the verdict: the answer is recorded in the report, as `--symptom` would be.
 * No row is highlighted until the user moves: an answer they never chose must not be one Enter away.
 */
export function SymptomPicker(props: SymptomPickerProps) {
  const listing = props.mode === 'list';
  useKeys(
    (input, key) => {
      if (key.escape) props.onCancel();
      else if (input === 'q') props.onQuit();
    },
    { isActive: listing },
  );
  if (!listing) {
    return (
      <PastedSymptom
        text={props.pastedText}
        meaning={props.pastedMeaning}
        onChange={props.onPasteChange}
        onSubmit={props.onPasteSubmit}
        onCancel={props.onPasteCancel}
      />
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold>What did you see?</Text>
      <ChoiceSelect items={items} initialIndex={null} onSelect={props.onPick} />
    </Box>
  );
}
