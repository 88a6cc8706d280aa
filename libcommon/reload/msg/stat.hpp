#pragma once
// Stat (RFC 6940 s7.4.3): StatReq, MetaData, ArrayEntryMeta, DictionaryEntryMeta, MetaDataValue,
// StoredMetaData, StatKindResponse, StatAns. MetaDataValue and StoredMetaData depend on the data
// model like StoredDataValue and StoredData do (stored_data.hpp explains how the model is passed).

#include <cstdint>
#include <variant>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/common.hpp"
#include "libcommon/reload/msg/security_block.hpp"
#include "libcommon/reload/msg/stored_data.hpp"
#include "libcommon/reload/msg/stored_data_specifier.hpp"

namespace disco::reload::msg {

// "The Stat request is identical to the Fetch request": same layout, its own type so that message
// bodies and error messages say which one it is.
struct StatReq {
  ResourceId resource;
  std::vector<StoredDataSpecifier> specifiers;
  friend bool operator==(const StatReq&, const StatReq&) = default;
};

// hash_value is hash_algorithm over DataValue.value including its 4-byte length prefix (s7.4.3.2).
// hash_algorithm is the TLS HashAlgorithm registry (hash_algorithm:: in security_block.hpp), kept
// as a uint8 so that values outside it still round-trip.
struct MetaData {
  bool exists = false;
  std::uint32_t value_length = 0;
  std::uint8_t hash_algorithm = hash_algorithm::sha256;
  base::Bytes hash_value;
  friend bool operator==(const MetaData&, const MetaData&) = default;
};

struct ArrayEntryMeta {
  std::uint32_t index = 0;
  MetaData value;
  friend bool operator==(const ArrayEntryMeta&, const ArrayEntryMeta&) = default;
};

struct DictionaryEntryMeta {
  DictionaryKey key;
  MetaData value;
  friend bool operator==(const DictionaryEntryMeta&, const DictionaryEntryMeta&) = default;
};

// select (DataModel) { single_value: MetaData | array: ArrayEntryMeta | dictionary: DictionaryEntryMeta }
struct MetaDataValue {
  std::variant<MetaData, ArrayEntryMeta, DictionaryEntryMeta> value;

  [[nodiscard]] DataModel model() const;
  friend bool operator==(const MetaDataValue&, const MetaDataValue&) = default;
};

// StoredMetaData.value_length is not a member: like StoredData.length it is the number of bytes of
// the StoredMetaData that follow it, computed on encode and checked on decode (stat.cpp). The RFC
// only says the fields are "the same as the corresponding fields in StoredData" (s7.4.3.2); we
// read value_length as the counterpart of StoredData.length, so that the structure delimits
// itself, because that is how Wireshark's RELOAD dissector reads it (interop).
struct StoredMetaData {
  std::uint64_t storage_time = 0;
  std::uint32_t lifetime = 0;
  MetaDataValue metadata;

  [[nodiscard]] DataModel model() const { return metadata.model(); }
  friend bool operator==(const StoredMetaData&, const StoredMetaData&) = default;
};

// values is typed by the model ctx.kinds gives the kind, or kept verbatim when the kind is unknown.
struct StatKindResponse {
  KindId kind = 0;
  std::uint64_t generation = 0;
  KindValues<StoredMetaData> values;
  friend bool operator==(const StatKindResponse&, const StatKindResponse&) = default;
};

struct StatAns {
  std::vector<StatKindResponse> kind_responses;
  friend bool operator==(const StatAns&, const StatAns&) = default;
};

void encode(wire::Writer& w, const StatReq& v, const CodecContext& ctx);
void decode(wire::Reader& r, StatReq& out, const CodecContext& ctx);
void encode(wire::Writer& w, const MetaData& v, const CodecContext& ctx);
void decode(wire::Reader& r, MetaData& out, const CodecContext& ctx);
void encode(wire::Writer& w, const ArrayEntryMeta& v, const CodecContext& ctx);
void decode(wire::Reader& r, ArrayEntryMeta& out, const CodecContext& ctx);
void encode(wire::Writer& w, const DictionaryEntryMeta& v, const CodecContext& ctx);
void decode(wire::Reader& r, DictionaryEntryMeta& out, const CodecContext& ctx);
void encode(wire::Writer& w, const MetaDataValue& v, const CodecContext& ctx);
void decode(wire::Reader& r, MetaDataValue& out, DataModel model, const CodecContext& ctx);
void encode(wire::Writer& w, const StoredMetaData& v, const CodecContext& ctx);
void decode(wire::Reader& r, StoredMetaData& out, DataModel model, const CodecContext& ctx);
void encode(wire::Writer& w, const StatKindResponse& v, const CodecContext& ctx);
void decode(wire::Reader& r, StatKindResponse& out, const CodecContext& ctx);
void encode(wire::Writer& w, const StatAns& v, const CodecContext& ctx);
void decode(wire::Reader& r, StatAns& out, const CodecContext& ctx);

inline std::vector<KindId> unknown_kinds(const StatReq& req) { return unknown_kinds(req.specifiers); }

}  // namespace disco::reload::msg
