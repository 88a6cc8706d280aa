#pragma once
// The control protocol between tools and a local reload-node (DESIGN.md "Control protocol";
// README.md in this folder is the reference): newline-delimited JSON over a Unix domain socket.
//   request: {"v":1,"id":N,"op":"...","args":{...}}
//   answer:  {"id":N,"ok":{...}}  or  {"id":N,"error":{"code":"...","message":"..."}}
// Pure functions; every line is treated as hostile (size, nesting, types, UTF-8).

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "libcommon/base/result.hpp"
#include "libcommon/control/error.hpp"

namespace disco::control {

inline constexpr std::uint64_t protocol_version = 1;
// A request line, without its newline. Requests are small (a store value is the largest part), so
// the bound keeps a hostile client from making the node buffer without limit.
inline constexpr std::size_t max_request_line = 64 * 1024;
// An answer line as the client accepts it: fetch answers carry values, so this is looser.
inline constexpr std::size_t max_answer_line = 16 * 1024 * 1024;
// Nesting of arrays and objects. No op needs more than 4; the check runs before the JSON parser.
inline constexpr std::size_t max_nesting = 32;

// The closed set of operations (README.md documents each one's args and answer).
enum class Op { status, fingers, successors, ping, route, store, fetch, stat, find, leave, stored };

std::string_view to_string(Op op);
std::optional<Op> op_from(std::string_view name);

struct Request {
  std::uint64_t id = 0;
  Op op = Op::status;
  nlohmann::json args = nlohmann::json::object();  // always an object; the op's parser checks it
};

// A request that could not be read. `id` is the request's id when it was readable, else 0, so the
// answer can still be matched by the client.
struct RequestError {
  std::uint64_t id = 0;
  ControlError error;
};

// `line` may end in "\n" or "\r\n".
base::result<Request, RequestError> parse_request(std::string_view line);

// Each encoder returns one line including its '\n'. Strings that are not UTF-8 are replaced with
// U+FFFD rather than refused, so an answer about hostile data can always be written.
std::string encode_request(std::uint64_t id, Op op, const nlohmann::json& args = nlohmann::json::object());
// `ok` should be an object; null is sent as {}.
std::string encode_answer_ok(std::uint64_t id, const nlohmann::json& ok);
std::string encode_answer_error(std::uint64_t id, ErrorCode code, std::string_view message);
inline std::string encode_answer_error(std::uint64_t id, const ControlError& e) {
  return encode_answer_error(id, e.code, e.message);
}

struct Answer {
  std::uint64_t id = 0;
  // The "ok" object, or the node's error (its code and message).
  base::result<nlohmann::json, ControlError> outcome = nlohmann::json::object();
};

// An unreadable answer (including an unknown error code) is an `internal` error naming the fault.
base::result<Answer, ControlError> parse_answer(std::string_view line);

}  // namespace disco::control
