// DataStore::snapshot() / restore(): the store as a versioned byte string for --state-dir.
//
//   u32 magic "DSST"; u16 version (1); u64 unix_ms at writing;
//   GenericCertificate certificates<0..2^32-1>;
//   struct { ResourceId resource; KindId kind; uint8 model; uint64 generation;
//            struct { uint64 expiry_unix_ms; opaque cert_sha256<0..2^8-1>; StoredData data; }
//              values<0..2^32-1>; } kinds<0..2^32-1>;
//   opaque sha256[32] over everything before it.
//
// The types are RFC 6940's, encoded with their codecs; the trailing digest makes any corruption
// (a cut file, a flipped bit) an error rather than a silently different store.
#include <chrono>
#include <map>
#include <set>

#include "libcommon/reload/msg/codec.hpp"
#include "libcommon/storage/data_store.hpp"
#include "libcommon/storage/data_store_state.hpp"
#include "libcommon/wire/reader.hpp"
#include "libcommon/wire/writer.hpp"

namespace disco::storage {

namespace msg = reload::msg;
using base::Bytes;

namespace {

constexpr std::uint32_t snapshot_magic = 0x44535354;  // "DSST"
constexpr std::uint16_t snapshot_version = 1;
constexpr std::size_t digest_size = 32;

}  // namespace

Bytes DataStore::snapshot(base::TimePoint now, std::uint64_t unix_ms_now) const {
  const auto& s = *impl_;
  wire::Writer w;
  w.u32(snapshot_magic);
  w.u16(snapshot_version);
  w.u64(unix_ms_now);
  w.prefixed(4, "certificates", [&] {
    for (const auto& [digest, entry] : s.certs) encode(w, entry.cert, s.ctx);
  });
  w.prefixed(4, "kinds", [&] {
    for (const auto& [resource, kinds] : s.resources) {
      for (const auto& entry : kinds) {
        const KindState& state = entry.second;
        encode(w, resource, s.ctx);
        w.u32(entry.first);
        w.u8(static_cast<std::uint8_t>(state.model));
        w.u64(state.generation);
        w.prefixed(4, "values", [&] {
          for (const auto& [slot, held] : state.values) {
            if (!is_live(held, now)) continue;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(held.expires - now).count();
            w.u64(unix_ms_now + static_cast<std::uint64_t>(left));
            w.opaque(1, held.cert, "cert_sha256");
            encode(w, held.data, s.ctx);
          }
        });
      }
    }
  });
  if (!w.ok()) return {};  // only a value too long for its prefix, which the store never holds
  auto out = std::move(w).take();
  const auto digest = sha256(out);
  out.insert(out.end(), digest.begin(), digest.end());
  return out;
}

base::result<std::size_t, std::string> DataStore::restore(base::BytesView snapshot, base::TimePoint now,
                                                          std::uint64_t unix_ms_now) {
  impl_->clear();
  if (snapshot.size() < 4 + 2 + 8 + digest_size) return base::failure{std::string("snapshot: truncated")};
  const auto body = snapshot.first(snapshot.size() - digest_size);
  const auto digest = sha256(body);
  if (!std::equal(digest.begin(), digest.end(), snapshot.end() - digest_size))
    return base::failure{std::string("snapshot: checksum mismatch (corrupt or truncated)")};

  // Bounded by the input: every list element consumes at least one byte.
  wire::Limits limits;
  limits.max_message_size = body.size();
  limits.max_list_count = body.size();
  wire::Reader r(body, limits);
  if (r.u32("magic") != snapshot_magic) return base::failure{std::string("snapshot: not a disco storage snapshot")};
  if (const auto v = r.u16("version"); v != snapshot_version)
    return base::failure{"snapshot: unsupported version " + std::to_string(v)};
  (void)r.u64("unix_ms");

  Impl fresh(*impl_->kinds, *impl_->verifier, impl_->ctx);
  std::string problem;
  auto fail = [&](std::string what) {
    if (problem.empty()) problem = std::move(what);
  };

  std::map<Sha256, msg::GenericCertificate> certificates;
  r.list(4, "certificates", [&](wire::Reader& item) {
    msg::GenericCertificate cert;
    decode(item, cert, fresh.ctx);
    if (item.ok()) certificates.emplace(sha256(cert.certificate), std::move(cert));
  });

  std::set<std::pair<reload::ResourceId, msg::KindId>> seen;
  r.list(4, "kinds", [&](wire::Reader& item) {
    reload::ResourceId resource;
    decode(item, resource, fresh.ctx);
    const auto kind = item.u32("kind");
    const auto model_byte = item.u8("model");
    const auto generation = item.u64("generation");
    if (model_byte > static_cast<std::uint8_t>(msg::DataModel::dictionary))
      item.fail(wire::errc::invalid_value, "model");
    if (!item.ok()) return;
    if (!seen.emplace(resource, kind).second) fail("snapshot: a resource and kind twice");
    const auto model = static_cast<msg::DataModel>(model_byte);
    // A kind the configuration no longer defines, or defines with another model, is not restored.
    const auto* def = fresh.kinds->find(kind);
    const bool keep = def != nullptr && def->model == model;
    item.list(4, "values", [&](wire::Reader& v) {
      const auto expiry = v.u64("expiry_unix_ms");
      const auto cert_digest = v.opaque(1, "cert_sha256");
      msg::StoredData data;
      decode(v, data, model, fresh.ctx);
      if (!v.ok() || !keep || expiry <= unix_ms_now) return;
      Sha256 key{};
      if (cert_digest.size() != key.size()) return fail("snapshot: bad certificate digest");
      std::copy(cert_digest.begin(), cert_digest.end(), key.begin());
      const auto cert = certificates.find(key);
      if (cert == certificates.end()) return fail("snapshot: value without its certificate");
      if (std::get_if<msg::ArrayEntry>(&data.value.value) != nullptr &&
          std::get<msg::ArrayEntry>(data.value.value).index == msg::array_append_index)
        return fail("snapshot: unresolved array index");
      // Never longer than the lifetime the value was stored with, whatever the wall clock did.
      const auto left_ms = std::min<std::uint64_t>(expiry - unix_ms_now, std::uint64_t{data.lifetime} * 1000);
      if (left_ms == 0) return;
      auto& state = fresh.resources[resource][kind];
      state.model = model;
      state.generation = std::max<std::uint64_t>(generation, 1);
      const auto slot = slot_of(data.value);
      if (state.values.contains(slot)) return fail("snapshot: a value twice");
      if (state.values.size() >= (def->max_count != 0 ? def->max_count : default_max_values))
        return fail("snapshot: more values than the kind allows");
      Held held;
      held.expires = now + std::chrono::milliseconds(left_ms);
      held.cert = key;
      auto identity = msg::encode_as(data.signature.identity, fresh.ctx);
      if (!identity) return fail("snapshot: unencodable signer identity");
      held.identity = std::move(*identity);
      held.data = std::move(data);
      fresh.put(resource, kind, state, slot, std::move(held), cert->second);
    });
  });
  r.expect_end("(end)");
  if (!r.ok()) return base::failure{"snapshot: " + r.error()->message()};
  if (!problem.empty()) return base::failure{std::move(problem)};
  const auto count = fresh.values;
  *impl_ = std::move(fresh);
  return count;
}

}  // namespace disco::storage
