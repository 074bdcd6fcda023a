/** Resolves once the text is flushed, so an explicit exit afterwards never cuts a piped report short. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.write(text, () => resolve());
  });
}
