#pragma once
// StoredData and the values it carries (RFC 6940 s7, s7.2): DataValue, ArrayEntry, DictionaryEntry,
// StoredDataValue; and how the values<> of one kind travel in StoreReq, FetchAns and StatAns.
//
// The data model is not on the wire (s7.2): "the actual data model is known from the Kind being
// stored". So:
//  * decoders of model-dependent types (StoredDataValue, StoredData, and MetaDataValue,
//    StoredMetaData in stat.hpp) take the DataModel as an extra argument, before the context:
//      decode(r, stored_data, DataModel::array, ctx);
//      decode_as<StoredData>(bytes, ctx, DataModel::array);   // codec.hpp forwards the model
//  * encoders take no model: the alternative a StoredDataValue holds is the select;
//  * kind-level types (StoreKindData, FetchKindResponse, StatKindResponse, StoredDataSpecifier) look
//    the model up in ctx.kinds. A kind the table does not know does not fail the decode: its region
//    is length-delimited, so it is kept verbatim (UnknownKindValues, UnknownKindSpecifier). The rest
//    of the message still decodes, re-encoding reproduces the received bytes, and a storing peer can
//    answer Error_Unknown_Kind listing every unknown kind (s7.4.1.2) instead of dropping the message.

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "libcommon/base/bytes.hpp"
#include "libcommon/reload/msg/codec_context.hpp"
#include "libcommon/reload/msg/errc.hpp"
#include "libcommon/reload/msg/kind_table.hpp"
#include "libcommon/reload/msg/security_block.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::reload::msg {

// exists = False with an empty value is how a value is removed (s7.4.1.3); exists = False is also
// what a storing peer synthesizes for a gap or a missing key (s7.2.2, s7.4.2.2).
struct DataValue {
  bool exists = false;
  base::Bytes value;
  friend bool operator==(const DataValue&, const DataValue&) = default;
};

// Arrays are zero-based and sparse (s7.2.2); a Store at index 0xffffffff appends (s7.4.1.1).
inline constexpr std::uint32_t array_append_index = 0xffffffff;

struct ArrayEntry {
  std::uint32_t index = 0;
  DataValue value;
  friend bool operator==(const ArrayEntry&, const ArrayEntry&) = default;
};

// typedef opaque DictionaryKey<0..2^16-1>
using DictionaryKey = base::Bytes;

struct DictionaryEntry {
  DictionaryKey key;
  DataValue value;
  friend bool operator==(const DictionaryEntry&, const DictionaryEntry&) = default;
};

// select (DataModel) { single_value: DataValue | array: ArrayEntry | dictionary: DictionaryEntry }
struct StoredDataValue {
  std::variant<DataValue, ArrayEntry, DictionaryEntry> value;

  [[nodiscard]] DataModel model() const;
  friend bool operator==(const StoredDataValue&, const StoredDataValue&) = default;
};

// struct { uint32 length; uint64 storage_time; uint32 lifetime; StoredDataValue value;
//          Signature signature; } StoredData;
// length is not kept: the encoder writes the size of what follows it, and the decoder rejects a
// length that disagrees with the contents (wire::errc::length_mismatch), so a decoded StoredData
// always re-encodes to the received bytes.
struct StoredData {
  std::uint64_t storage_time = 0;  // ms since 1970-01-01 UTC, leap seconds not counted
  std::uint32_t lifetime = 0;      // seconds from the time the storing peer receives the StoreReq
  StoredDataValue value;
  Signature signature;  // over stored_data_signature_input() (signature_input.hpp, s7.1)

  [[nodiscard]] DataModel model() const { return value.model(); }
  friend bool operator==(const StoredData&, const StoredData&) = default;
};

void encode(wire::Writer& w, const DataValue& v, const CodecContext& ctx);
void decode(wire::Reader& r, DataValue& out, const CodecContext& ctx);
void encode(wire::Writer& w, const ArrayEntry& v, const CodecContext& ctx);
void decode(wire::Reader& r, ArrayEntry& out, const CodecContext& ctx);
void encode(wire::Writer& w, const DictionaryEntry& v, const CodecContext& ctx);
void decode(wire::Reader& r, DictionaryEntry& out, const CodecContext& ctx);
void encode(wire::Writer& w, const StoredDataValue& v, const CodecContext& ctx);
void decode(wire::Reader& r, StoredDataValue& out, DataModel model, const CodecContext& ctx);
void encode(wire::Writer& w, const StoredData& v, const CodecContext& ctx);
void decode(wire::Reader& r, StoredData& out, DataModel model, const CodecContext& ctx);

// The values<0..2^32-1> region of a kind the KindTable does not know, without its length prefix.
// Its elements cannot be parsed (their layout depends on the unknown model), so they are carried as
// received and encoded back unchanged, whatever the table says at encoding time.
struct UnknownKindValues {
  base::Bytes bytes;
  friend bool operator==(const UnknownKindValues&, const UnknownKindValues&) = default;
};

// Decodes the select of a model-dependent value (StoredDataValue, MetaDataValue: s7.2, s7.4.3.2) as
// the alternative for `model`.
template <class Single, class Array, class Dictionary, class Variant>
void decode_by_model(wire::Reader& r, Variant& out, DataModel model, const CodecContext& ctx,
                     std::string_view structure) {
  auto read = [&](auto value) {
    decode(r, value, ctx);
    out = std::move(value);
  };
  switch (model) {
    case DataModel::single_value: read(Single{}); return;
    case DataModel::array: read(Array{}); return;
    case DataModel::dictionary: read(Dictionary{}); return;
  }
  r.fail(wire::errc::unknown_type, structure);
}

// The values of one kind: typed when the kind's model is known, verbatim otherwise.
template <class Value>
using KindValues = std::variant<std::vector<Value>, UnknownKindValues>;

// Encoders refuse a typed value whose select cannot be checked against its kind: errc::unknown_kind
// when the table does not know the kind, wire::errc::invalid_value when the model differs. A
// receiver would decode such bytes differently from what the sender meant.
void check_model(wire::Writer& w, KindId kind, DataModel model, const CodecContext& ctx, std::string_view field);

template <class Value>
void encode_kind_values(wire::Writer& w, KindId kind, const KindValues<Value>& values, const CodecContext& ctx) {
  if (const auto* raw = std::get_if<UnknownKindValues>(&values)) {
    w.opaque(4, raw->bytes, "values");
    return;
  }
  w.prefixed(4, "values", [&] {
    for (const auto& v : std::get<std::vector<Value>>(values)) {
      check_model(w, kind, v.model(), ctx, "values");
      encode(w, v, ctx);
    }
  });
}

template <class Value>
void decode_kind_values(wire::Reader& r, KindId kind, KindValues<Value>& out, const CodecContext& ctx) {
  const auto model = ctx.kinds.model(kind);
  if (!model) {
    auto raw = r.opaque(4, "values");
    out = UnknownKindValues{{raw.begin(), raw.end()}};
    return;
  }
  std::vector<Value> list;
  r.list(4, "values", [&](wire::Reader& item) {
    Value v;
    decode(item, v, *model, ctx);
    if (item.ok()) list.push_back(std::move(v));
  });
  out = std::move(list);
}

template <class Value>
bool is_unknown_kind(const KindValues<Value>& values) {
  return std::holds_alternative<UnknownKindValues>(values);
}

}  // namespace disco::reload::msg
