import type { KnownForwarder } from './known-forwarders.js';

/** Why a listener's owner could not be named. */
export type HiddenOwner =
  /** The socket belongs to another user, whose processes we may not look into (run as root to see them). */
  | 'other-user'
  /** No process we could read holds the socket: another PID namespace (a container), the kernel, or a scan cut short. */
  | 'unknown';

/** One socket in the LISTEN state on this machine. */
export interface LocalListener {
  /** The bound address: `0.0.0.0` / `::` mean every local address of that family; `::ffff:a.b.c.d` is IPv4-mapped. */
  address: string;
  family: 4 | 6;
  port: number;
  pid: number | null;
  /** The process name, control characters made visible (any process can set its own name). */
  process: string | null;
  /** Set when `pid` or `process` is null, to say why. */
  hidden?: HiddenOwner;
  /** Set when the owner is a known port forwarder or proxy: the service behind it is elsewhere. */
  forwarder: KnownForwarder | null;
}

/** Where the listeners were read from. */
export type ListenerSource =
  /** Linux: /proc/net/tcp{,6} for the sockets, /proc/<pid>/fd for their owners. */
  | 'proc'
  /** macOS and the BSDs: `lsof`. */
  | 'lsof'
  /** Windows: `netstat -ano`, with `tasklist` to name the pids. */
  | 'netstat';

/** Stable reasons the listeners could not be read; the tree branches on these, `reason` is for people. */
export type UnavailableCause =
  /** /proc/net/tcp is missing or unreadable. */
  | 'no-proc'
  /** The command (lsof, netstat) is not installed or not on the PATH. */
  | 'command-missing'
  /** The OS refused to read the sockets or to run the command. */
  | 'permission-denied'
  /** The command did not finish within the budget. */
  | 'timeout'
  /** The command failed, or printed more than we read. */
  | 'command-failed'
  /** No way to list listeners is known on this platform. */
  | 'unsupported-platform'
  /** The caller cancelled. */
  | 'aborted';

/** What `listLocalListeners` found on one port. */
export type LocalListenersResult =
  /** The listeners on the port were read; an empty list means nothing listens on it. */
  | {
      kind: 'listeners';
      port: number;
      source: ListenerSource;
      listeners: LocalListener[];
      /** At least one listener's owner could not be named (see each one's `hidden`). */
      hiddenOwners: boolean;
      /**
       * False when listeners may be missing from the list altogether, not just their owners: lsof run by a
       * user other than root sees only that user's processes, so another user's listener does not show at all.
       */
      complete: boolean;
      durationMs: number;
    }
  /** The listeners could not be read at all. */
  | {
      kind: 'unavailable';
      port: number;
      source: ListenerSource | null;
      cause: UnavailableCause;
      /** In plain words: what could not be read and why ("lsof is not installed", "permission denied on /proc/net/tcp"). */
      reason: string;
      durationMs: number;
    };
