// libFuzzer target: the control protocol's lines (libcommon/control/README.md). The input is one
// line, read as a request and as an answer. Properties:
//  * a request that parses re-encodes (encode_request) to a line that parses to the same id, op
//    and args;
//  * an answer that parses re-encodes (encode_answer_ok / encode_answer_error) to the same answer;
//  * the parsed request's args, given to every typed parser (the op's own and the others, which
//    mostly refuse them): what parses gives to_args() that parses back to an equal value.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libcommon/control/args.hpp"
#include "libcommon/control/protocol.hpp"

namespace {

using namespace disco::control;
using nlohmann::json;

[[noreturn]] void fail(const char* what, const json& args) {
  std::fprintf(stderr, "%s: %s\n", what, args.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
  std::abort();
}

// parse(to_args(x)) == x for whatever `parse` accepts in `args`.
template <class Parse>
void round_trip(const char* what, Parse parse, const json& args) {
  auto first = parse(args);
  if (!first) return;
  const json again = to_args(*first);
  auto second = parse(again);
  if (!second) fail(what, again);
  if (!(*second == *first)) fail(what, again);
}

void check_request(const Request& req) {
  const auto line = encode_request(req.id, req.op, req.args);
  // The encoder may write a number longer than it was given ("1E2" becomes "100.0"); a line pushed
  // past the bound is refused by design, so only lines within it must come back.
  if (line.size() - 1 <= max_request_line) {
    auto back = parse_request(line);
    if (!back || back->id != req.id || back->op != req.op || back->args != req.args) fail("request", req.args);
  }

  const json& a = req.args;
  round_trip("store", parse_store_args, a);
  round_trip("fetch", parse_fetch_args, a);
  round_trip("stat", parse_stat_args, a);
  round_trip("find", parse_find_args, a);
  round_trip("ping", parse_ping_args, a);
  round_trip("route", parse_route_args, a);
  round_trip("leave", parse_leave_args, a);
  if (parse_no_args(req.op, a) && !a.empty()) fail("no args accepted a non-empty object", a);
}

void check_answer(const Answer& answer) {
  const auto line = answer.outcome ? encode_answer_ok(answer.id, *answer.outcome)
                                   : encode_answer_error(answer.id, answer.outcome.error());
  auto back = parse_answer(line);
  if (!back || back->id != answer.id || back->outcome.has_value() != answer.outcome.has_value()) std::abort();
  if (answer.outcome ? *back->outcome != *answer.outcome : !(back->outcome.error() == answer.outcome.error()))
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libFuzzer hands bytes; lines are text.
  const std::string_view line{reinterpret_cast<const char*>(data), size};
  if (auto req = parse_request(line)) check_request(*req);
  if (auto answer = parse_answer(line)) check_answer(*answer);
  return 0;
}
