import { whoListens } from './commands.js';
import { portOf } from './facts.js';
import type { TreeNode } from './tree-types.js';

/**
 * Asked when every address refused: only the user knows where the server runs and what it listens on,
 * and the answers turn "nothing listens here" into the reason why.
 */
export const serverQuestions: TreeNode[] = [
  {
    kind: 'question',
    id: 'server.location',
    title: 'Where does the server run?',
    prompt: 'The connection was refused. Where does the server run?',
    choices: [
      { value: 'this-machine', label: 'On this machine' },
      { value: 'container', label: 'In a container on this machine (Docker, Podman)' },
      { value: 'other-host', label: 'On another host' },
      { value: 'unknown', label: "I don't know" },
    ],
    defaultValue: 'unknown',
    // Every address refused and nothing here listens elsewhere: "nothing listens" stands without the answer.
    deferrable: true,
    edges: [
      { when: 'answer.other-host', goto: 'server.access' },
      { when: 'always', verdict: 'no-listener' },
    ],
  },
  {
    kind: 'question',
    id: 'server.access',
    title: 'Can you run a command on the server?',
    prompt: 'Can you run a command on the server (a shell, RDP, or a colleague who can)?',
    choices: [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ],
    defaultValue: 'no',
    edges: [
      { when: 'answer.can-run', goto: 'server.os' },
      { when: 'always', verdict: 'no-listener' },
    ],
  },
  {
    kind: 'question',
    id: 'server.os',
    title: "The server's operating system",
    prompt: 'Which operating system does the server run?',
    choices: [
      { value: 'linux', label: 'Linux' },
      { value: 'darwin', label: 'macOS' },
      { value: 'win32', label: 'Windows' },
    ],
    defaultValue: 'linux',
    edges: [{ when: 'always', goto: 'server.listeners' }],
  },
  {
    kind: 'question',
    id: 'server.listeners',
    title: 'What listens on the server?',
    prompt: 'Run this on the server. What does it show?',
    detail: (facts) => whoListens(portOf(facts), (facts.answers['server.os'] ?? 'linux') as NodeJS.Platform),
    choices: [
      { value: 'nothing', label: 'Nothing listens on that port' },
      { value: 'loopback-only', label: 'It listens on 127.0.0.1 or ::1 only' },
      { value: 'all-addresses', label: 'It listens on all addresses (0.0.0.0, ::, *)' },
      { value: 'other-port', label: 'The service listens, but on another port' },
    ],
    defaultValue: 'nothing',
    edges: [
      { when: 'answer.loopback-only', verdict: 'listener-bound-elsewhere' },
      { when: 'answer.all-addresses', verdict: 'port-filtered' },
      { when: 'always', verdict: 'no-listener' },
    ],
  },
];
