import { describe, expect, it } from 'vitest';
import { parseTasklist } from './tasklist-output.js';

// Written from the output of `tasklist /FO CSV /NH` on Windows 11 (not captured here: no Windows machine).
const sample = [
  '"System Idle Process","0","Services","0","8 K"',
  '"System","4","Services","0","3,204 K"',
  '"svchost.exe","1052","Services","0","12,344 K"',
  '"com.docker.backend.exe","9320","Console","1","98,112 K"',
  '"node.exe","15880","Console","1","54.020 K"',
  '',
].join('\r\n');

describe('parseTasklist', () => {
  it('names each pid, whatever the localised memory column holds', () => {
    expect(parseTasklist(sample)).toEqual(
      new Map([
        [0, 'System Idle Process'],
        [4, 'System'],
        [1052, 'svchost.exe'],
        [9320, 'com.docker.backend.exe'],
        [15880, 'node.exe'],
      ]),
    );
  });

  it('ignores what is not a process row', () => {
    expect(parseTasklist('INFO: No tasks are running which match the specified criteria.\r\n')).toEqual(new Map());
  });
});
