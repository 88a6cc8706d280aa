#pragma once
// Store (RFC 6940 s7.4.1): StoreKindData, StoreReq, StoreKindResponse, StoreAns.
//
// Storage rules are not codec rules: the same Kind-ID twice in one StoreReq, replica_number, the
// generation counter and the synthesized {0,0}/none signatures (s7.4.1.1) are checked by storage/,
// which also answers Error_Unknown_Kind for the kinds unknown_kinds() lists.

#include <cstdint>
#include <vector>

#include "libcommon/reload/msg/common.hpp"
#include "libcommon/reload/msg/stored_data.hpp"

namespace disco::reload::msg {

// values is typed by the model ctx.kinds gives the kind, or kept verbatim when the kind is unknown
// (stored_data.hpp).
struct StoreKindData {
  KindId kind = 0;
  std::uint64_t generation_counter = 0;  // 0: store without checking the counter (s7.4.1.1)
  KindValues<StoredData> values;
  friend bool operator==(const StoreKindData&, const StoreKindData&) = default;
};

struct StoreReq {
  ResourceId resource;
  std::uint8_t replica_number = 0;  // 0 for an original store, replicas count from 1
  std::vector<StoreKindData> kind_data;
  friend bool operator==(const StoreReq&, const StoreReq&) = default;
};

struct StoreKindResponse {
  KindId kind = 0;
  std::uint64_t generation_counter = 0;
  std::vector<NodeId> replicas;
  friend bool operator==(const StoreKindResponse&, const StoreKindResponse&) = default;
};

// Also the error_info of Error_Generation_Counter_Too_Low (s7.4.1.2).
struct StoreAns {
  std::vector<StoreKindResponse> kind_responses;
  friend bool operator==(const StoreAns&, const StoreAns&) = default;
};

void encode(wire::Writer& w, const StoreKindData& v, const CodecContext& ctx);
void decode(wire::Reader& r, StoreKindData& out, const CodecContext& ctx);
void encode(wire::Writer& w, const StoreReq& v, const CodecContext& ctx);
void decode(wire::Reader& r, StoreReq& out, const CodecContext& ctx);
void encode(wire::Writer& w, const StoreKindResponse& v, const CodecContext& ctx);
void decode(wire::Reader& r, StoreKindResponse& out, const CodecContext& ctx);
void encode(wire::Writer& w, const StoreAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, StoreAns& out, const CodecContext& ctx);

// The kinds whose values were kept verbatim because the kind table did not know them, in request
// order without repeats: the unknown_kinds of an Error_Unknown_Kind answer (s7.4.1.2).
std::vector<KindId> unknown_kinds(const StoreReq& req);

}  // namespace disco::reload::msg
