#include "libcommon/control/protocol.hpp"

#include <array>
#include <utility>

#include "libcommon/control/text.hpp"

namespace disco::control {

namespace {

constexpr std::array<std::pair<Op, std::string_view>, 11> op_names{{
    {Op::status, "status"},
    {Op::fingers, "fingers"},
    {Op::successors, "successors"},
    {Op::ping, "ping"},
    {Op::route, "route"},
    {Op::store, "store"},
    {Op::fetch, "fetch"},
    {Op::stat, "stat"},
    {Op::find, "find"},
    {Op::leave, "leave"},
    {Op::stored, "stored"},
}};

std::string_view strip_newline(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// True when arrays/objects nest deeper than `limit`. Runs before the parser so that a line of
// 60,000 '[' never reaches it; brackets inside strings do not count.
bool nests_deeper_than(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > limit) return true;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return false;
}

// One JSON object from a line, without exceptions. nlohmann's parser checks UTF-8 and refuses
// numbers that overflow a double; integers beyond uint64 become floats, which the callers refuse.
base::result<nlohmann::json, std::string> parse_object(std::string_view line, std::size_t max_size) {
  if (line.size() > max_size) return base::failure{"line longer than " + std::to_string(max_size) + " bytes"};
  if (nests_deeper_than(line, max_nesting)) {
    return base::failure{"JSON nested deeper than " + std::to_string(max_nesting) + " levels"};
  }
  auto value = nlohmann::json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return base::failure{std::string("not valid JSON (one UTF-8 JSON object per line)")};
  if (!value.is_object()) return base::failure{std::string("not a JSON object")};
  return value;
}

constexpr auto dump_options = nlohmann::json::error_handler_t::replace;

std::string dump_line(const nlohmann::json& j) {
  auto text = j.dump(-1, ' ', /*ensure_ascii=*/false, dump_options);
  text.push_back('\n');
  return text;
}

}  // namespace

std::string_view to_string(Op op) {
  for (const auto& [o, name] : op_names) {
    if (o == op) return name;
  }
  return "status";
}

std::optional<Op> op_from(std::string_view name) {
  for (const auto& [o, n] : op_names) {
    if (n == name) return o;
  }
  return std::nullopt;
}

base::result<Request, RequestError> parse_request(std::string_view line) {
  line = strip_newline(line);
  auto parsed = parse_object(line, max_request_line);
  if (!parsed) return base::failure{RequestError{0, {ErrorCode::bad_request, parsed.error()}}};
  const auto& j = *parsed;

  // The id first, so that every later error can be matched to the request by the client.
  Request req;
  auto id = j.find("id");
  if (id == j.end() || !id->is_number_unsigned()) {
    return base::failure{RequestError{0, {ErrorCode::bad_request, "\"id\" must be an unsigned integer"}}};
  }
  req.id = id->get<std::uint64_t>();
  auto fail = [&](ErrorCode code, std::string message) {
    return base::failure{RequestError{req.id, {code, std::move(message)}}};
  };

  for (const auto& [key, value] : j.items()) {
    if (key != "v" && key != "id" && key != "op" && key != "args") {
      return fail(ErrorCode::bad_request, "unknown request member " + quote_text(key));
    }
  }
  auto v = j.find("v");
  if (v == j.end()) return fail(ErrorCode::bad_request, "missing \"v\" (protocol version, 1)");
  if (!v->is_number_integer()) return fail(ErrorCode::bad_request, "\"v\" must be an integer");
  if (!v->is_number_unsigned() || v->get<std::uint64_t>() != protocol_version) {
    return fail(ErrorCode::unsupported_version,
                "protocol version " + v->dump() + " is not supported; this node speaks version 1");
  }
  auto op = j.find("op");
  if (op == j.end() || !op->is_string()) return fail(ErrorCode::bad_request, "\"op\" must be a string");
  auto known = op_from(op->get_ref<const std::string&>());
  if (!known) return fail(ErrorCode::unknown_op, "unknown op " + quote_text(op->get_ref<const std::string&>()));
  req.op = *known;
  auto args = j.find("args");
  if (args != j.end()) {
    if (!args->is_object()) return fail(ErrorCode::bad_request, "\"args\" must be an object");
    req.args = *args;
  }
  return req;
}

std::string encode_request(std::uint64_t id, Op op, const nlohmann::json& args) {
  nlohmann::json j = nlohmann::json::object();
  j["v"] = protocol_version;
  j["id"] = id;
  j["op"] = std::string(to_string(op));
  j["args"] = args.is_null() ? nlohmann::json::object() : args;
  return dump_line(j);
}

std::string encode_answer_ok(std::uint64_t id, const nlohmann::json& ok) {
  nlohmann::json j = nlohmann::json::object();
  j["id"] = id;
  j["ok"] = ok.is_null() ? nlohmann::json::object() : ok;
  return dump_line(j);
}

std::string encode_answer_error(std::uint64_t id, ErrorCode code, std::string_view message) {
  nlohmann::json j = nlohmann::json::object();
  j["id"] = id;
  j["error"] = {{"code", std::string(to_string(code))}, {"message", std::string(message)}};
  return dump_line(j);
}

base::result<Answer, ControlError> parse_answer(std::string_view line) {
  line = strip_newline(line);
  auto bad = [](const std::string& why) {
    return base::failure{ControlError{ErrorCode::internal, "malformed answer from node: " + why}};
  };
  auto parsed = parse_object(line, max_answer_line);
  if (!parsed) return bad(parsed.error());
  const auto& j = *parsed;
  auto id = j.find("id");
  if (id == j.end() || !id->is_number_unsigned()) return bad("\"id\" must be an unsigned integer");
  auto ok = j.find("ok");
  auto error = j.find("error");
  if ((ok == j.end()) == (error == j.end())) return bad("exactly one of \"ok\" and \"error\" must be present");
  Answer answer;
  answer.id = id->get<std::uint64_t>();
  if (ok != j.end()) {
    if (!ok->is_object()) return bad("\"ok\" must be an object");
    answer.outcome = *ok;
    return answer;
  }
  if (!error->is_object()) return bad("\"error\" must be an object");
  auto code = error->find("code");
  auto message = error->find("message");
  if (code == error->end() || !code->is_string()) return bad("\"error.code\" must be a string");
  if (message != error->end() && !message->is_string()) return bad("\"error.message\" must be a string");
  auto known = error_code_from(code->get_ref<const std::string&>());
  if (!known) return bad("unknown error code " + quote_text(code->get_ref<const std::string&>()));
  answer.outcome =
      base::failure{ControlError{*known, message == error->end() ? std::string() : message->get<std::string>()}};
  return answer;
}

}  // namespace disco::control
