#include "libcommon/reload/msg/stored_data_specifier.hpp"

#include <algorithm>

#include "libcommon/base/overloaded.hpp"

namespace disco::reload::msg {

void encode(wire::Writer& w, const ArrayRange& v, const CodecContext& /*ctx*/) {
  auto scope = w.enter("ArrayRange");
  w.u32(v.first);
  w.u32(v.last);
}

void decode(wire::Reader& r, ArrayRange& out, const CodecContext& /*ctx*/) {
  auto scope = r.enter("ArrayRange");
  out.first = r.u32("first");
  out.last = r.u32("last");
}

void encode(wire::Writer& w, const StoredDataSpecifier& v, const CodecContext& ctx) {
  auto scope = w.enter("StoredDataSpecifier");
  w.u32(v.kind);
  w.u64(v.generation);
  std::visit(base::overloaded{
                 [&](const SingleValueSpecifier&) {
                   check_model(w, v.kind, DataModel::single_value, ctx, "model_specifier");
                   w.u16(0);
                 },
                 [&](const ArraySpecifier& a) {
                   check_model(w, v.kind, DataModel::array, ctx, "model_specifier");
                   w.prefixed(2, "length", [&] {
                     w.prefixed(2, "indices", [&] {
                       for (const auto& range : a.indices) encode(w, range, ctx);
                     });
                   });
                 },
                 [&](const DictionarySpecifier& d) {
                   check_model(w, v.kind, DataModel::dictionary, ctx, "model_specifier");
                   w.prefixed(2, "length", [&] {
                     w.prefixed(2, "keys", [&] {
                       for (const auto& key : d.keys) w.opaque(2, key, "key");
                     });
                   });
                 },
                 [&](const UnknownKindSpecifier& u) { w.opaque(2, u.bytes, "length"); },
             },
             v.model_specifier);
}

void decode(wire::Reader& r, StoredDataSpecifier& out, const CodecContext& ctx) {
  auto scope = r.enter("StoredDataSpecifier");
  out.kind = r.u32("kind");
  out.generation = r.u64("generation");
  auto body = r.sub(2, "length");
  if (!r.ok()) return;
  const auto model = ctx.kinds.model(out.kind);
  if (!model) {
    auto rest = body.fixed(body.remaining(), "model_specifier");
    out.model_specifier = UnknownKindSpecifier{{rest.begin(), rest.end()}};
    return;
  }
  switch (*model) {
    case DataModel::single_value: out.model_specifier = SingleValueSpecifier{}; break;
    case DataModel::array: {
      ArraySpecifier a;
      body.list(2, "indices", [&](wire::Reader& item) {
        ArrayRange range;
        decode(item, range, ctx);
        if (item.ok()) a.indices.push_back(range);
      });
      out.model_specifier = std::move(a);
      break;
    }
    case DataModel::dictionary: {
      DictionarySpecifier d;
      body.list(2, "keys", [&](wire::Reader& item) {
        auto key = item.opaque(2, "key");
        if (item.ok()) d.keys.emplace_back(key.begin(), key.end());
      });
      out.model_specifier = std::move(d);
      break;
    }
  }
  body.expect_end("length");
}

std::vector<KindId> unknown_kinds(const std::vector<StoredDataSpecifier>& specifiers) {
  std::vector<KindId> out;
  for (const auto& s : specifiers) {
    if (s.is_unknown_kind() && std::find(out.begin(), out.end(), s.kind) == out.end()) out.push_back(s.kind);
  }
  return out;
}

}  // namespace disco::reload::msg
