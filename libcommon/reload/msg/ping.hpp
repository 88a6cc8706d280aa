#pragma once
// Ping (RFC 6940 s6.5.3): PingReq and PingAns.

#include <cstdint>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

// Padding has no meaning; up to 65535 bytes of it let a sender probe the path's maximum size.
struct PingReq {
  base::Bytes padding;
  friend bool operator==(const PingReq&, const PingReq&) = default;
};

struct PingAns {
  std::uint64_t response_id = 0;  // random, tells Ping responses apart
  std::uint64_t time = 0;         // like storage_time (s7): milliseconds since the Unix epoch
  friend bool operator==(const PingAns&, const PingAns&) = default;
};

void encode(wire::Writer& w, const PingReq& v, const CodecContext& ctx);
void decode(wire::Reader& r, PingReq& out, const CodecContext& ctx);
void encode(wire::Writer& w, const PingAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, PingAns& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
