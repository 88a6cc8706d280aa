// The control protocol's framing: requests and answers as tools and the node exchange them, and
// every way a hostile line can be wrong.
#include "libcommon/control/protocol.hpp"

#include <gtest/gtest.h>

#include <string>

namespace disco::control {
namespace {

RequestError parse_error(std::string_view line) {
  auto r = parse_request(line);
  EXPECT_FALSE(r) << line.substr(0, 200);
  return r ? RequestError{} : r.error();
}

TEST(ControlProtocol, ParsesAValidRequest) {
  auto r = parse_request(R"({"v":1,"id":7,"op":"store","args":{"resource":"alice","kind":"SIP-REGISTRATION"}})");
  ASSERT_TRUE(r) << r.error().error.message;
  EXPECT_EQ(r->id, 7U);
  EXPECT_EQ(r->op, Op::store);
  EXPECT_EQ(r->args["resource"], "alice");
}

TEST(ControlProtocol, ArgsDefaultToAnEmptyObjectAndNewlinesAreStripped) {
  auto r = parse_request("{\"v\":1,\"id\":18446744073709551615,\"op\":\"status\"}\r\n");
  ASSERT_TRUE(r) << r.error().error.message;
  EXPECT_EQ(r->id, 18446744073709551615ULL);
  EXPECT_TRUE(r->args.is_object());
  EXPECT_TRUE(r->args.empty());
}

TEST(ControlProtocol, EveryOpNameRoundTrips) {
  for (Op op : {Op::status, Op::fingers, Op::successors, Op::ping, Op::route, Op::store, Op::fetch, Op::stat, Op::find,
                Op::leave, Op::stored}) {
    EXPECT_EQ(op_from(to_string(op)), op);
    auto r = parse_request(encode_request(3, op, {{"x", 1}}));
    ASSERT_TRUE(r) << to_string(op);
    EXPECT_EQ(r->op, op);
    EXPECT_EQ(r->id, 3U);
    EXPECT_EQ(r->args, (nlohmann::json{{"x", 1}}));
  }
  EXPECT_EQ(op_from("route_query"), std::nullopt);
  EXPECT_EQ(op_from("STATUS"), std::nullopt);
}

TEST(ControlProtocol, EncodedRequestIsOneLine) {
  auto line = encode_request(1, Op::store, {{"value", "a\nb"}});
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
}

TEST(ControlProtocol, MalformedJsonIsABadRequestWithIdZero) {
  for (std::string_view line : {"", "not json", "{\"v\":1,", "{\"v\":1} trailing", "[1,2]", "\"text\"", "42", "null"}) {
    auto e = parse_error(line);
    EXPECT_EQ(e.id, 0U);
    EXPECT_EQ(e.error.code, ErrorCode::bad_request) << line;
  }
}

TEST(ControlProtocol, IdMustBeAnUnsignedInteger) {
  for (std::string_view line :
       {R"({"v":1,"op":"status"})", R"({"v":1,"id":-1,"op":"status"})", R"({"v":1,"id":1.5,"op":"status"})",
        R"({"v":1,"id":"1","op":"status"})", R"({"v":1,"id":18446744073709551616,"op":"status"})"}) {
    auto e = parse_error(line);
    EXPECT_EQ(e.error.code, ErrorCode::bad_request) << line;
    EXPECT_EQ(e.id, 0U);
  }
}

TEST(ControlProtocol, LaterErrorsCarryTheRequestId) {
  auto e = parse_error(R"({"v":1,"id":9,"op":"status","args":[]})");
  EXPECT_EQ(e.id, 9U);
  EXPECT_EQ(e.error.code, ErrorCode::bad_request);
  EXPECT_NE(e.error.message.find("args"), std::string::npos);
}

TEST(ControlProtocol, VersionOtherThanOneIsUnsupported) {
  auto e = parse_error(R"({"v":2,"id":4,"op":"status"})");
  EXPECT_EQ(e.error.code, ErrorCode::unsupported_version);
  EXPECT_EQ(e.id, 4U);
  EXPECT_EQ(parse_error(R"({"v":-1,"id":4,"op":"status"})").error.code, ErrorCode::unsupported_version);
  EXPECT_EQ(parse_error(R"({"v":0,"id":4,"op":"status"})").error.code, ErrorCode::unsupported_version);
  // Not a version at all: malformed, not a version mismatch.
  EXPECT_EQ(parse_error(R"({"v":"1","id":4,"op":"status"})").error.code, ErrorCode::bad_request);
  EXPECT_EQ(parse_error(R"({"v":1.0,"id":4,"op":"status"})").error.code, ErrorCode::bad_request);
  EXPECT_EQ(parse_error(R"({"id":4,"op":"status"})").error.code, ErrorCode::bad_request);
}

TEST(ControlProtocol, OpMustBeAKnownString) {
  EXPECT_EQ(parse_error(R"({"v":1,"id":1})").error.code, ErrorCode::bad_request);
  EXPECT_EQ(parse_error(R"({"v":1,"id":1,"op":3})").error.code, ErrorCode::bad_request);
  auto e = parse_error(R"({"v":1,"id":5,"op":"reboot"})");
  EXPECT_EQ(e.error.code, ErrorCode::unknown_op);
  EXPECT_EQ(e.id, 5U);
  EXPECT_NE(e.error.message.find("'reboot'"), std::string::npos);
}

TEST(ControlProtocol, UnknownTopLevelMembersAreRefused) {
  auto e = parse_error(R"({"v":1,"id":1,"op":"status","argz":{}})");
  EXPECT_EQ(e.error.code, ErrorCode::bad_request);
  EXPECT_NE(e.error.message.find("argz"), std::string::npos);
}

TEST(ControlProtocol, LongOpNamesAreCutInTheMessage) {
  std::string name(1000, 'x');
  name.replace(62, 3, "\xe2\x82\xac");  // a 3-byte character straddling the cut at 64
  auto e = parse_error(R"({"v":1,"id":1,"op":")" + name + "\"}");
  EXPECT_EQ(e.error.code, ErrorCode::unknown_op);
  EXPECT_LT(e.error.message.size(), 100U);
  EXPECT_NE(e.error.message.find("...'"), std::string::npos);
  // The message is still valid UTF-8: the answer encoder keeps it verbatim.
  auto answer = parse_answer(encode_answer_error(1, e.error));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->outcome.error().message, e.error.message);
}

TEST(ControlProtocol, LineLongerThan64KiBIsRefused) {
  const std::string head = R"({"v":1,"id":1,"op":"status","args":{"pad":")";
  const std::string tail = "\"}}";
  std::string exact = head + std::string(max_request_line - head.size() - tail.size(), 'a') + tail;
  ASSERT_EQ(exact.size(), max_request_line);
  EXPECT_TRUE(parse_request(exact));
  EXPECT_TRUE(parse_request(exact + "\n"));
  std::string over = head + std::string(max_request_line - head.size() - tail.size() + 1, 'a') + tail;
  auto e = parse_error(over);
  EXPECT_EQ(e.error.code, ErrorCode::bad_request);
  EXPECT_NE(e.error.message.find("longer"), std::string::npos);
}

TEST(ControlProtocol, DeepNestingIsRefusedBeforeParsing) {
  // Depth counts the request object (1) and args (2); 30 more arrays reach the limit of 32.
  auto nested = [](std::size_t arrays) {
    return R"({"v":1,"id":1,"op":"status","args":{"a":)" + std::string(arrays, '[') + std::string(arrays, ']') + "}}";
  };
  EXPECT_TRUE(parse_request(nested(max_nesting - 2)));
  auto e = parse_error(nested(max_nesting - 1));
  EXPECT_NE(e.error.message.find("nested"), std::string::npos);
  EXPECT_EQ(parse_error(std::string(60000, '[')).error.code, ErrorCode::bad_request);
  EXPECT_EQ(parse_error(std::string(30000, '{')).error.code, ErrorCode::bad_request);
}

TEST(ControlProtocol, BracketsInsideStringsDoNotCountAsNesting) {
  auto r = parse_request(R"({"v":1,"id":1,"op":"status","args":{"s":")" + std::string(100, '[') + R"(\"[{"}})");
  EXPECT_TRUE(r);
}

TEST(ControlProtocol, HugeNumbersAreRefused) {
  EXPECT_EQ(parse_error(R"({"v":1,"id":1e400,"op":"status"})").error.code, ErrorCode::bad_request);
  EXPECT_EQ(parse_error(R"({"v":1,"id":1,"op":"status","args":{"n":-1e999}})").error.code, ErrorCode::bad_request);
  EXPECT_EQ(parse_error("{\"v\":1,\"id\":" + std::string(5000, '9') + ",\"op\":\"status\"}").error.code,
            ErrorCode::bad_request);
}

TEST(ControlProtocol, NonUtf8IsRefused) {
  for (std::string_view line : std::initializer_list<std::string_view>{
           "{\"v\":1,\"id\":1,\"op\":\"st\xff\"}", "{\"v\":1,\"id\":1,\"op\":\"\xc3\"}",
           "{\"v\":1,\"id\":1,\"op\":\"status\",\"args\":{\"k\":\"\xed\xa0\x80\"}}",
           std::string_view("{\"v\":1,\"id\":1,\"op\":\"st\0tus\"}", 28)}) {
    EXPECT_EQ(parse_error(line).error.code, ErrorCode::bad_request);
  }
}

TEST(ControlProtocol, OkAnswerRoundTrips) {
  auto line = encode_answer_ok(12, {{"node_id", "00ff"}, {"rtt_ms", 3}});
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  auto a = parse_answer(line);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->id, 12U);
  ASSERT_TRUE(a->outcome);
  EXPECT_EQ((*a->outcome)["rtt_ms"], 3);
  auto empty = parse_answer(encode_answer_ok(1, nullptr));
  ASSERT_TRUE(empty && empty->outcome);
  EXPECT_TRUE(empty->outcome->is_object());
}

TEST(ControlProtocol, ErrorAnswerRoundTrips) {
  auto line = encode_answer_error(3, ErrorCode::not_found, "no such\nresource");
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  auto a = parse_answer(line);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->id, 3U);
  ASSERT_FALSE(a->outcome);
  EXPECT_EQ(a->outcome.error(), (ControlError{ErrorCode::not_found, "no such\nresource"}));
}

TEST(ControlProtocol, AnswersAboutNonUtf8DataAreStillWritten) {
  auto line = encode_answer_error(1, ErrorCode::bad_request, "bad \xff byte");
  auto a = parse_answer(line);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->outcome.error().message, "bad \xef\xbf\xbd byte");  // U+FFFD
  EXPECT_TRUE(parse_answer(encode_answer_ok(1, {{"k", "\xc0"}})));
}

TEST(ControlProtocol, MalformedAnswersAreInternalErrors) {
  for (std::string_view line :
       {"", "junk", R"({"ok":{}})", R"({"id":1})", R"({"id":1,"ok":{},"error":{"code":"internal"}})",
        R"({"id":1,"ok":[]})", R"({"id":1,"error":"x"})", R"({"id":1,"error":{"message":"m"}})",
        R"({"id":1,"error":{"code":"teapot","message":"m"}})", R"({"id":1,"error":{"code":"internal","message":1}})"}) {
    auto a = parse_answer(line);
    ASSERT_FALSE(a) << line;
    EXPECT_EQ(a.error().code, ErrorCode::internal);
    EXPECT_NE(a.error().message.find("malformed answer"), std::string::npos);
  }
}

TEST(ControlErrors, CodesRoundTripAndMapToExitCodes) {
  const std::pair<ErrorCode, int> expected[] = {
      {ErrorCode::bad_request, 2}, {ErrorCode::unknown_op, 5}, {ErrorCode::unsupported_version, 5},
      {ErrorCode::not_found, 1},   {ErrorCode::refused, 1},    {ErrorCode::forbidden, 4},
      {ErrorCode::unreachable, 3}, {ErrorCode::timeout, 3},    {ErrorCode::internal, 70},
  };
  for (auto [code, exit] : expected) {
    EXPECT_EQ(exit_code_for(code), exit) << to_string(code);
    EXPECT_EQ(error_code_from(to_string(code)), code);
  }
  EXPECT_EQ(to_string(ErrorCode::unsupported_version), "unsupported_version");
  EXPECT_EQ(error_code_from("Not_Found"), std::nullopt);
  EXPECT_EQ(error_code_from(""), std::nullopt);
}

}  // namespace
}  // namespace disco::control
