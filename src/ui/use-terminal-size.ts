import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** What Ink assumes when stdout is not a terminal. */
const fallback = { columns: 80, rows: 24 };

/** The terminal's size, following resizes; `fixed` wins (renderToString has no terminal to ask). */
export function useTerminalSize(fixed?: { columns: number; rows: number }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}
