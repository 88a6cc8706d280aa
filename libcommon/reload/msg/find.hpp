#pragma once
// Find (RFC 6940 s7.4.4): FindReq, FindKindData, FindAns.

#include <vector>

#include "libcommon/reload/msg/common.hpp"
#include "libcommon/reload/msg/kind_table.hpp"

namespace disco::reload::msg {

// "Each value MUST appear only once" in kinds is a rule for the answering peer (it must reject the
// request with an error response), not a decoding failure, so the codec keeps repeats.
struct FindReq {
  ResourceId resource;
  std::vector<KindId> kinds;
  friend bool operator==(const FindReq&, const FindReq&) = default;
};

// "If a Kind-ID is not known, then the corresponding Resource-ID MUST be 0": ResourceId is an
// opaque<0..2^8-1>, so which bytes spell 0 is the answering peer's choice (storage/); the codec
// carries any ResourceId.
struct FindKindData {
  KindId kind = 0;
  ResourceId closest;
  friend bool operator==(const FindKindData&, const FindKindData&) = default;
};

struct FindAns {
  std::vector<FindKindData> results;
  friend bool operator==(const FindAns&, const FindAns&) = default;
};

void encode(wire::Writer& w, const FindReq& v, const CodecContext& ctx);
void decode(wire::Reader& r, FindReq& out, const CodecContext& ctx);
void encode(wire::Writer& w, const FindKindData& v, const CodecContext& ctx);
void decode(wire::Reader& r, FindKindData& out, const CodecContext& ctx);
void encode(wire::Writer& w, const FindAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, FindAns& out, const CodecContext& ctx);

}  // namespace disco::reload::msg
