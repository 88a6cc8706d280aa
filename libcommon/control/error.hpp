#pragma once
// Control-protocol errors: a closed set of snake_case codes that travel in
// {"id":N,"error":{"code":"...","message":"..."}} and map to the tools' exit codes (DESIGN.md,
// "Tools"). The mapping lives here, as plain ints, so control/ does not depend on cli/.

#include <optional>
#include <string>
#include <string_view>

namespace disco::control {

enum class ErrorCode {
  bad_request,          // the line or its arguments are malformed (not JSON, wrong types, bad hex, ...)
  unknown_op,           // "op" names no operation this node knows
  unsupported_version,  // "v" is not 1
  not_found,            // the operation ran and found nothing (no such resource, node or value)
  refused,              // the operation ran and the overlay said no (generation too low, too large, ...)
  forbidden,            // access control or TLS identity refused it
  unreachable,          // no node on the control socket, or the overlay/destination cannot be reached
  timeout,              // no answer in time (from the node, or from the overlay to the node)
  internal,             // a bug, or an answer the client cannot read
};

std::string_view to_string(ErrorCode code);
// nullopt for a code outside the closed set.
std::optional<ErrorCode> error_code_from(std::string_view text);

// The exit code a tool returns for `code` (DESIGN.md "Tools", cli::ExitCode):
//   bad_request -> 2: tools hand the user's arguments to the node, whose parsers are the validator
//                     of record, so their refusal is a usage error;
//   unknown_op, unsupported_version -> 5: tool and node disagree on the protocol (malformed exchange);
//   not_found, refused -> 1; forbidden -> 4; unreachable, timeout -> 3; internal -> 70.
int exit_code_for(ErrorCode code);

struct ControlError {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  friend bool operator==(const ControlError&, const ControlError&) = default;
};

}  // namespace disco::control
