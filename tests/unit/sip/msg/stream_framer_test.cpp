#include "libcommon/sip/msg/stream_framer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "libcommon/sip/msg/errc.hpp"
#include "libcommon/sip/msg/parser.hpp"
#include "libcommon/sip/msg/serializer.hpp"
#include "tests/support/vectors.hpp"

namespace disco::sip {
namespace {

// What a stream yields: the frames in order, then either "needs more" or the framing error.
struct Outcome {
  std::vector<std::string> frames;
  std::optional<Error> error;
  std::size_t buffered = 0;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

void drain(StreamFramer& f, Outcome& out) {
  for (;;) {
    auto r = f.next();
    if (!r) {
      out.error = r.error();
      return;
    }
    if (!*r) return;
    out.frames.emplace_back(reinterpret_cast<const char*>((*r)->data()), (*r)->size());
  }
}

Outcome feed_in_chunks(std::string_view bytes, const std::vector<std::size_t>& cuts, const Limits& limits = {}) {
  StreamFramer f(limits);
  Outcome out;
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    f.feed(base::as_bytes(bytes.substr(at, cut - at)));
    at = cut;
    if (!out.error) drain(f, out);
  }
  f.feed(base::as_bytes(bytes.substr(at)));
  if (!out.error) drain(f, out);
  out.buffered = out.error ? 0 : f.buffered();
  return out;
}

std::vector<std::string> fixture_files() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(test::vector_path("sip")))
    if (e.path().extension() == ".sip") files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(StreamFramer, EveryTortureMessageFramesTheSameWhereverTheStreamIsSplit) {
  for (const std::string& file : fixture_files()) {
    SCOPED_TRACE(file);
    const std::string bytes = test::load_raw_vector("sip/" + file);
    const Outcome whole = feed_in_chunks(bytes, {});
    for (std::size_t cut = 0; cut <= bytes.size(); ++cut) ASSERT_EQ(feed_in_chunks(bytes, {cut}), whole) << cut;
    std::vector<std::size_t> every_byte;
    for (std::size_t i = 1; i < bytes.size(); ++i) every_byte.push_back(i);
    ASSERT_EQ(feed_in_chunks(bytes, every_byte), whole);

    // A framed message is the message a datagram carries (the first one, for 3.1.1.8).
    auto datagram = parse_message(bytes);
    if (!whole.frames.empty() && datagram) {
      auto framed = parse_message(whole.frames.front());
      ASSERT_TRUE(framed);
      EXPECT_EQ(*framed, *datagram);
    }
  }
}

TEST(StreamFramer, WhatEachTortureMessageGivesOnAStream) {
  const auto outcome = [](std::string_view file) {
    return feed_in_chunks(test::load_raw_vector("sip/" + std::string(file)), {});
  };
  // Two messages back to back, with an empty line between them taken as a keep-alive.
  const Outcome dbl = outcome("3.1.1.8-dblreq.sip");
  ASSERT_EQ(dbl.frames.size(), 2u);
  EXPECT_EQ(dbl.frames[0].rfind("REGISTER ", 0), 0u);
  auto invite = parse_message(dbl.frames[1]);
  ASSERT_TRUE(invite);
  EXPECT_EQ(invite->request_line()->method, "INVITE");
  EXPECT_EQ(invite->body.size(), 150u);
  EXPECT_EQ(dbl.buffered, 0u);
  // A Content-Length beyond what arrived: wait for the rest.
  const Outcome clerr = outcome("3.1.2.2-clerr.sip");
  EXPECT_TRUE(clerr.frames.empty());
  EXPECT_FALSE(clerr.error);
  EXPECT_GT(clerr.buffered, 0u);
  // Framing errors end the stream.
  EXPECT_EQ(outcome("3.1.2.3-ncl.sip").error->code, errc::invalid_content_length);
  EXPECT_EQ(outcome("3.3.9-mcl01.sip").error->code, errc::duplicate_content_length);
  EXPECT_EQ(outcome("3.4.1-inv2543.sip").error->code, errc::missing_content_length);
  EXPECT_EQ(outcome("A-test.sip").error->code, errc::invalid_header_line);
  // A bad start line still frames; parse_message() reports it and the stream goes on.
  const Outcome trws = outcome("3.1.2.10-trws.sip");
  ASSERT_EQ(trws.frames.size(), 1u);
  EXPECT_EQ(parse_message(trws.frames[0]).error().code, errc::invalid_request_line);
}

constexpr std::string_view options =
    "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h.example.com;branch=z9hG4bKx\r\nContent-Length: 5\r\n"
    "\r\nhello";

TEST(StreamFramer, LeadingKeepAlivesAreSkipped) {
  std::string stream = "\r\n\r\n";
  stream += options;
  stream += "\r\n\r\n\r\n";
  stream += options;
  stream += "\r\n";
  const Outcome o = feed_in_chunks(stream, {});
  ASSERT_EQ(o.frames.size(), 2u);
  EXPECT_EQ(o.frames[0], options);
  EXPECT_EQ(o.frames[1], options);
  EXPECT_FALSE(o.error);
  EXPECT_EQ(o.buffered, 0u);
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) ASSERT_EQ(feed_in_chunks(stream, {cut}), o) << cut;
}

TEST(StreamFramer, ErrorsAreSticky) {
  StreamFramer f;
  f.feed(base::as_bytes("INVITE sip:a@b SIP/2.0\r\nContent-Length: -1\r\n\r\n"));
  auto first = f.next();
  ASSERT_FALSE(first);
  f.feed(base::as_bytes(options));
  auto again = f.next();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), first.error());
}

TEST(StreamFramer, LimitsAreEnforcedBeforeTheBytesArrive) {
  // A huge Content-Length is refused from the header alone, before any body is buffered.
  StreamFramer huge;
  huge.feed(base::as_bytes("MESSAGE sip:a@b SIP/2.0\r\nl: 99999999999999\r\n\r\n"));
  auto r = huge.next();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::body_too_large);

  StreamFramer overflow;
  overflow.feed(base::as_bytes("MESSAGE sip:a@b SIP/2.0\r\nl: 99999999999999999999999\r\n\r\n"));
  EXPECT_EQ(overflow.next().error().code, errc::invalid_content_length);

  // A header section that never ends is cut off at max_head_size.
  Limits small;
  small.max_head_size = 256;
  StreamFramer endless(small);
  endless.feed(base::as_bytes("MESSAGE sip:a@b SIP/2.0\r\n"));
  ASSERT_TRUE(endless.next());
  std::string field = "X-Filler: " + std::string(40, 'x') + "\r\n";
  std::optional<Error> error;
  for (int i = 0; i < 10 && !error; ++i) {
    endless.feed(base::as_bytes(field));
    if (auto n = endless.next(); !n) error = n.error();
  }
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, errc::head_too_large);

  // Too many header fields.
  std::string many = "MESSAGE sip:a@b SIP/2.0\r\n";
  for (int i = 0; i < 10000; ++i) many += "a:\r\n";
  many += "l: 0\r\n\r\n";
  Limits roomy;
  roomy.max_head_size = 1 << 20;
  StreamFramer counted(roomy);
  counted.feed(base::as_bytes(many));
  EXPECT_EQ(counted.next().error().code, errc::too_many_headers);

  // Messages larger than max_message_size.
  Limits tight;
  tight.max_message_size = 64;
  StreamFramer sized(tight);
  sized.feed(base::as_bytes(options));
  EXPECT_EQ(sized.next().error().code, errc::message_too_large);
}

TEST(StreamFramer, BareLineFeedsAreAFramingError) {
  StreamFramer f;
  f.feed(base::as_bytes("OPTIONS sip:a@b SIP/2.0\nContent-Length: 0\n\n"));
  auto r = f.next();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::bad_line_ending);
  EXPECT_TRUE(is_framing_error(r.error().code));
}

TEST(StreamFramer, OurOwnOutputFramesAsOneMessageEach) {
  Message m;
  m.start = RequestLine{"MESSAGE", "sip:a@example.com", "SIP/2.0"};
  m.add("Via", "SIP/2.0/TCP h.example.com;branch=z9hG4bK1");
  m.body = std::string("\r\n\r\nbody with blank lines\r\n\r\n");
  const std::string one = to_string(m);
  const Outcome o = feed_in_chunks(one + one + one, {});
  ASSERT_EQ(o.frames.size(), 3u);
  for (const std::string& frame : o.frames) EXPECT_EQ(*parse_message(frame), m);
}

}  // namespace
}  // namespace disco::sip
