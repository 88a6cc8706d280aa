#include "libcommon/reload/msg/stored_data.hpp"

#include "libcommon/base/overloaded.hpp"

namespace disco::reload::msg {

DataModel StoredDataValue::model() const {
  return std::visit(base::overloaded{
                        [](const DataValue&) { return DataModel::single_value; },
                        [](const ArrayEntry&) { return DataModel::array; },
                        [](const DictionaryEntry&) { return DataModel::dictionary; },
                    },
                    value);
}

void check_model(wire::Writer& w, KindId kind, DataModel model, const CodecContext& ctx, std::string_view field) {
  const auto expected = ctx.kinds.model(kind);
  if (!expected) {
    w.fail(errc::unknown_kind, field);
  } else if (*expected != model) {
    w.fail(wire::errc::invalid_value, field);
  }
}

void encode(wire::Writer& w, const DataValue& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("DataValue");
  w.boolean(v.exists);
  w.opaque(4, v.value, "value");
}

void decode(wire::Reader& r, DataValue& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("DataValue");
  out.exists = r.boolean("exists");
  auto value = r.opaque(4, "value");
  out.value.assign(value.begin(), value.end());
}

void encode(wire::Writer& w, const ArrayEntry& v, const CodecContext& ctx) {
  auto scope = w.enter("ArrayEntry");
  w.u32(v.index);
  encode(w, v.value, ctx);
}

void decode(wire::Reader& r, ArrayEntry& out, const CodecContext& ctx) {
  auto scope = r.enter("ArrayEntry");
  out.index = r.u32("index");
  decode(r, out.value, ctx);
}

void encode(wire::Writer& w, const DictionaryEntry& v, const CodecContext& ctx) {
  auto scope = w.enter("DictionaryEntry");
  w.opaque(2, v.key, "key");
  encode(w, v.value, ctx);
}

void decode(wire::Reader& r, DictionaryEntry& out, const CodecContext& ctx) {
  auto scope = r.enter("DictionaryEntry");
  auto key = r.opaque(2, "key");
  out.key.assign(key.begin(), key.end());
  decode(r, out.value, ctx);
}

void encode(wire::Writer& w, const StoredDataValue& v, const CodecContext& ctx) {
  std::visit([&](const auto& entry) { encode(w, entry, ctx); }, v.value);
}

void decode(wire::Reader& r, StoredDataValue& out, DataModel model, const CodecContext& ctx) {
  decode_by_model<DataValue, ArrayEntry, DictionaryEntry>(r, out.value, model, ctx, "StoredDataValue");
}

void encode(wire::Writer& w, const StoredData& v, const CodecContext& ctx) {
  auto scope = w.enter("StoredData");
  w.prefixed(4, "length", [&] {
    w.u64(v.storage_time);
    w.u32(v.lifetime);
    encode(w, v.value, ctx);
    encode(w, v.signature, ctx);
  });
}

void decode(wire::Reader& r, StoredData& out, DataModel model, const CodecContext& ctx) {
  auto scope = r.enter("StoredData");
  r.self_delimited_u32("length", [&] {
    out.storage_time = r.u64("storage_time");
    out.lifetime = r.u32("lifetime");
    decode(r, out.value, model, ctx);
    decode(r, out.signature, ctx);
  });
}

}  // namespace disco::reload::msg
