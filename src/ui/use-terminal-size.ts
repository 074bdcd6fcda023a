import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** What Ink assumes when stdout is not a terminal. */
const fallback = { columns: 80, rows: 24 };

const sizeOf = (stdout: NodeJS.WriteStream) => ({
  columns: stdout.columns || fallback.columns,
  rows: stdout.rows || fallback.rows,
});

/** The terminal's size, following resizes; `fixed` wins (renderToString has no terminal to ask). */
export function useTerminalSize(fixed?: { columns: number; rows: number }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(sizeOf(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}
