#pragma once
// Fetch (RFC 6940 s7.4.2): FetchReq, FetchKindResponse, FetchAns.

#include <cstdint>
#include <vector>

#include "libcommon/reload/msg/common.hpp"
#include "libcommon/reload/msg/stored_data.hpp"
#include "libcommon/reload/msg/stored_data_specifier.hpp"

namespace disco::reload::msg {

struct FetchReq {
  ResourceId resource;
  std::vector<StoredDataSpecifier> specifiers;
  friend bool operator==(const FetchReq&, const FetchReq&) = default;
};

// values is typed by the model ctx.kinds gives the kind, or kept verbatim when the kind is unknown
// (stored_data.hpp). No values when the request's generation matched (s7.4.2.2).
struct FetchKindResponse {
  KindId kind = 0;
  std::uint64_t generation = 0;
  KindValues<StoredData> values;
  friend bool operator==(const FetchKindResponse&, const FetchKindResponse&) = default;
};

struct FetchAns {
  std::vector<FetchKindResponse> kind_responses;
  friend bool operator==(const FetchAns&, const FetchAns&) = default;
};

void encode(wire::Writer& w, const FetchReq& v, const CodecContext& ctx);
void decode(wire::Reader& r, FetchReq& out, const CodecContext& ctx);
void encode(wire::Writer& w, const FetchKindResponse& v, const CodecContext& ctx);
void decode(wire::Reader& r, FetchKindResponse& out, const CodecContext& ctx);
void encode(wire::Writer& w, const FetchAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, FetchAns& out, const CodecContext& ctx);

inline std::vector<KindId> unknown_kinds(const FetchReq& req) { return unknown_kinds(req.specifiers); }

}  // namespace disco::reload::msg
