#include "libcommon/reload/msg/stat.hpp"

#include "libcommon/base/overloaded.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const StatReq& v, const CodecContext& ctx) {
  auto scope = w.enter("StatReq");
  encode(w, v.resource, ctx);
  w.prefixed(2, "specifiers", [&] {
    for (const auto& s : v.specifiers) encode(w, s, ctx);
  });
}

void decode(wire::Reader& r, StatReq& out, const CodecContext& ctx) {
  auto scope = r.enter("StatReq");
  decode(r, out.resource, ctx);
  r.list(2, "specifiers", [&](wire::Reader& item) {
    StoredDataSpecifier s;
    decode(item, s, ctx);
    if (item.ok()) out.specifiers.push_back(std::move(s));
  });
}

void encode(wire::Writer& w, const MetaData& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("MetaData");
  w.boolean(v.exists);
  w.u32(v.value_length);
  w.u8(v.hash_algorithm);
  w.opaque(1, v.hash_value, "hash_value");
}

void decode(wire::Reader& r, MetaData& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("MetaData");
  out.exists = r.boolean("exists");
  out.value_length = r.u32("value_length");
  out.hash_algorithm = r.u8("hash_algorithm");
  auto hash = r.opaque(1, "hash_value");
  out.hash_value.assign(hash.begin(), hash.end());
}

void encode(wire::Writer& w, const ArrayEntryMeta& v, const CodecContext& ctx) {
  auto scope = w.enter("ArrayEntryMeta");
  w.u32(v.index);
  encode(w, v.value, ctx);
}

void decode(wire::Reader& r, ArrayEntryMeta& out, const CodecContext& ctx) {
  auto scope = r.enter("ArrayEntryMeta");
  out.index = r.u32("index");
  decode(r, out.value, ctx);
}

void encode(wire::Writer& w, const DictionaryEntryMeta& v, const CodecContext& ctx) {
  auto scope = w.enter("DictionaryEntryMeta");
  w.opaque(2, v.key, "key");
  encode(w, v.value, ctx);
}

void decode(wire::Reader& r, DictionaryEntryMeta& out, const CodecContext& ctx) {
  auto scope = r.enter("DictionaryEntryMeta");
  auto key = r.opaque(2, "key");
  out.key.assign(key.begin(), key.end());
  decode(r, out.value, ctx);
}

DataModel MetaDataValue::model() const {
  return std::visit(base::overloaded{
                        [](const MetaData&) { return DataModel::single_value; },
                        [](const ArrayEntryMeta&) { return DataModel::array; },
                        [](const DictionaryEntryMeta&) { return DataModel::dictionary; },
                    },
                    value);
}

void encode(wire::Writer& w, const MetaDataValue& v, const CodecContext& ctx) {
  std::visit([&](const auto& entry) { encode(w, entry, ctx); }, v.value);
}

void decode(wire::Reader& r, MetaDataValue& out, DataModel model, const CodecContext& ctx) {
  decode_by_model<MetaData, ArrayEntryMeta, DictionaryEntryMeta>(r, out.value, model, ctx, "MetaDataValue");
}

// value_length plays the role of StoredData.length (s7.4.3.2: "the same as the corresponding
// fields in StoredData"): the length of the rest of the StoredMetaData, not of the value. That is
// how Wireshark's RELOAD dissector reads it, so we encode and check it exactly as StoredData.length
// (stored_data.cpp) for interop.
void encode(wire::Writer& w, const StoredMetaData& v, const CodecContext& ctx) {
  auto scope = w.enter("StoredMetaData");
  w.prefixed(4, "value_length", [&] {
    w.u64(v.storage_time);
    w.u32(v.lifetime);
    encode(w, v.metadata, ctx);
  });
}

void decode(wire::Reader& r, StoredMetaData& out, DataModel model, const CodecContext& ctx) {
  auto scope = r.enter("StoredMetaData");
  r.self_delimited_u32("value_length", [&] {
    out.storage_time = r.u64("storage_time");
    out.lifetime = r.u32("lifetime");
    decode(r, out.metadata, model, ctx);
  });
}

void encode(wire::Writer& w, const StatKindResponse& v, const CodecContext& ctx) {
  auto scope = w.enter("StatKindResponse");
  w.u32(v.kind);
  w.u64(v.generation);
  encode_kind_values(w, v.kind, v.values, ctx);
}

void decode(wire::Reader& r, StatKindResponse& out, const CodecContext& ctx) {
  auto scope = r.enter("StatKindResponse");
  out.kind = r.u32("kind");
  out.generation = r.u64("generation");
  if (!r.ok()) return;
  decode_kind_values(r, out.kind, out.values, ctx);
}

void encode(wire::Writer& w, const StatAns& v, const CodecContext& ctx) {
  auto scope = w.enter("StatAns");
  w.prefixed(4, "kind_responses", [&] {
    for (const auto& k : v.kind_responses) encode(w, k, ctx);
  });
}

void decode(wire::Reader& r, StatAns& out, const CodecContext& ctx) {
  auto scope = r.enter("StatAns");
  r.list(4, "kind_responses", [&](wire::Reader& item) {
    StatKindResponse k;
    decode(item, k, ctx);
    if (item.ok()) out.kind_responses.push_back(std::move(k));
  });
}

}  // namespace disco::reload::msg
