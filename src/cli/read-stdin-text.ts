/** More than any error message or stack trace a user pastes; the symptom decoder reads 16,000 characters of it. */
export const stdinLimitBytes = 1024 * 1024;

/**
 * Standard input as UTF-8 text, for `--symptom -`: up to `limit` bytes, then it stops reading and says on
 * `warn` that the rest was left out. Waits for the end of the input as `cat` does: the pipe is the user's own
 * (a `curl -v … 2>&1 |` may take its time to fail).
 */
export function readStdinText(
  stdin: NodeJS.ReadableStream,
  warn: (line: string) => void,
  limit = stdinLimitBytes,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      stdin.off('data', onData);
      stdin.off('end', done);
      stdin.off('error', onError);
      stdin.pause();
      resolve(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      size += bytes.length;
      if (size > limit) {
        warn(
          `--symptom -: standard input is longer than ${sizeText(limit)}; only its first ${sizeText(limit)} were read`,
        );
        done();
      }
    };
    const onError = (error: Error) => reject(error);
    stdin.on('data', onData);
    stdin.once('end', done);
    stdin.once('error', onError);
  });
}

const sizeText = (bytes: number) =>
  bytes % 1048576 === 0 ? `${bytes / 1048576} MiB` : `${Math.round(bytes / 1024)} KiB`;
