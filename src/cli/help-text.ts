export const helpText = `conn-doctor — find out why a connection failed

Usage: conn-doctor [target] [options]

Targets:  http://host[:port][/path]   https://host[:port][/path]   tcp://host:port
          host:port   [ipv6]:port   ipv4   ipv6   host (port asked, or 80)

Options:
  --json                 print the session report as JSON on stdout, nothing else
  --no-interactive       no questions: default answers, human summary on stdout
                         (implied when stdin or stdout is not a terminal, or CI is set)
  --report <file>        also write the report: .md, .json or .html
  --timeout <ms>         budget of each network probe (default 3000)
  --repeat <n>           check stability with n connects in a row once the target answers
  --watch                diagnose again every few seconds; say when the verdict changes
                         (a live screen in a terminal, else a line per run;
                         --json: one JSON document a line)
  --interval <ms>        time between --watch runs (default 5000)
  --symptom <text>       the error message you saw, e.g. "curl: (56) Recv failure"
  --ca <file>            also trust the CA certificates in this PEM file
  --dns-server <ip[:port]>  resolve through this DNS server only (system lookup skipped)
  --demo [scenario]      the built-in fault lab on loopback: pick a scenario and
                         watch it diagnosed (piped: every scenario, listed)
  --explain              print the decision tree
  --no-color             no colours (NO_COLOR is respected too)
  -v, --version          print the version
  -h, --help             print this help

Exit status: 0 healthy, 1 problem diagnosed, 2 usage error, 3 internal error.
`;
