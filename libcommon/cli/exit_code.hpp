#pragma once
// Exit codes, the same in every tool and man page (DESIGN.md, "Tools").

namespace disco::cli {

enum ExitCode : int {
  exit_success = 0,
  exit_negative = 1,     // the operation ran and the answer is negative (not found, refused, ended)
  exit_usage = 2,        // usage error, including every CLI11 parse error
  exit_unreachable = 3,  // no node / overlay / peer reachable
  exit_permission = 4,   // access control, TLS identity
  exit_malformed = 5,    // malformed input (from stdin, a file, or a peer)
  exit_internal = 70,    // a bug (EX_SOFTWARE)
};

}  // namespace disco::cli
