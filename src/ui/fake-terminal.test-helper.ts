import { EventEmitter } from 'node:events';

/** What a terminal would display: the last frame Ink wrote, its escape sequences removed. */
const ansi = /\u001B(?:\[[0-9;?]*[ -/]*[@-~]|\][^\u0007]*\u0007|[@-_])/g;

/** A TTY stdout of a fixed size that keeps every write. */
export class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly writes: string[] = [];
  constructor(
    readonly columns = 80,
    readonly rows = 24,
  ) {
    super();
  }
  write = (chunk: string): boolean => {
    this.writes.push(chunk);
    return true;
  };
  /** The last write that drew something, as plain text. */
  frame(): string {
    for (let i = this.writes.length - 1; i >= 0; i--) {
      const text = this.writes[i]!.replace(ansi, '');
      if (text.trim() !== '') return text;
    }
    return '';
  }
  /** Everything written, escapes included. */
  raw(): string {
    return this.writes.join('');
  }
}

/** A TTY stdin that records the raw modes it was put in. */
export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setRawMode(mode: boolean): this {
    this.rawModes.push(mode);
    return this;
  }
  setEncoding(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** The three streams runApp takes, typed as Node's (Ink uses only what the fakes implement). */
export function fakeTerminal(columns = 80, rows = 24) {
  const stdout = new FakeStdout(columns, rows);
  const stderr = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  return {
    stdout,
    stdin,
    streams: {
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
    },
  };
}
