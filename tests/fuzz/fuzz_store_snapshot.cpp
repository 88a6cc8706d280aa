// libFuzzer target: DataStore::restore (libcommon/storage/README.md, "Snapshot format") on hostile
// bytes. The snapshot ends in a SHA-256 of everything before it, which random bytes never match,
// so the input is restored twice: as it is (the digest check) and with its last 32 bytes replaced
// by the right digest (everything behind the check). Properties, for a restore that succeeds:
//  * a snapshot of the restored store (same clock, same wall clock) restores to as many values;
//  * and that second store snapshots to the same bytes (one round reaches a fixed point);
//  * reading the restored store (fetch of everything, export, expiry) is safe.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "libcommon/security/hash.hpp"
#include "libcommon/storage/data_store.hpp"
#include "libcommon/storage/kind_registry.hpp"
#include "tests/support/fake_security.hpp"

namespace {

using namespace disco;
namespace msg = reload::msg;

// The kinds of the seed (tests/vectors/storage/README.md), the same as the storage unit tests'.
storage::KindRegistry registry() {
  storage::KindRegistry r;
  r.add(
      {0xF0000001, "single-user", msg::DataModel::single_value, storage::AccessPolicy::user_match, 0, 0, 0, false, {}});
  r.add({0xF0000002, "array-user", msg::DataModel::array, storage::AccessPolicy::user_match, 5, 16, 0, false, {}});
  r.add({0xF0000006, "dict-user", msg::DataModel::dictionary, storage::AccessPolicy::user_match, 0, 0, 0, false, {}});
  return r;
}

// The wall clock and steady clock the seed was written at.
constexpr std::uint64_t unix_ms = 1767225600000ULL;  // 2026-01-01T00:00:00Z
const base::TimePoint now = base::TimePoint{} + std::chrono::hours(1);

struct World {
  storage::KindRegistry kinds = registry();
  test::FakeVerifier verifier;
  msg::CodecContext ctx = [this] {
    msg::CodecContext c;
    c.kinds = kinds.kind_table();
    return c;
  }();
};

// Every value of every resource, as a Fetch of each kind with "all" would ask (s7.4.2.1).
void read_everything(const storage::DataStore& store, const World& w) {
  for (const auto& resource : store.resources()) {
    msg::FetchReq req;
    req.resource = resource;
    for (const auto& k : w.kinds.all()) {
      msg::StoredDataSpecifier spec;
      spec.kind = k.id;
      if (k.model == msg::DataModel::single_value) spec.model_specifier = msg::SingleValueSpecifier{};
      if (k.model == msg::DataModel::array)
        spec.model_specifier = msg::ArraySpecifier{{msg::ArrayRange{0, 0xffffffff}}};
      if (k.model == msg::DataModel::dictionary) spec.model_specifier = msg::DictionarySpecifier{};
      req.specifiers.push_back(spec);
    }
    if (auto ans = store.fetch(req, now)) (void)store.certificates_for(*ans);
    (void)store.export_chunks(resource, 1, now, 1200);
  }
}

void check(base::BytesView snapshot, const World& w) {
  storage::DataStore store(w.kinds, w.verifier, w.ctx);
  auto restored = store.restore(snapshot, now, unix_ms);
  if (!restored) {
    if (store.value_count() != 0) std::abort();  // a failed restore leaves the store empty
    return;
  }
  if (*restored != store.value_count()) std::abort();
  read_everything(store, w);

  const auto first = store.snapshot(now, unix_ms);
  storage::DataStore again(w.kinds, w.verifier, w.ctx);
  auto count = again.restore(first, now, unix_ms);
  if (!count) {
    std::fprintf(stderr, "re-snapshot does not restore: %s\n", count.error().c_str());
    std::abort();
  }
  if (*count != *restored) {
    std::fprintf(stderr, "restored %zu values, its snapshot %zu\n", *restored, *count);
    std::abort();
  }
  if (again.snapshot(now, unix_ms) != first) std::abort();

  // Past the longest lifetime a value can carry (uint32 seconds, s7: about 136 years).
  store.expire(now + std::chrono::hours(24 * 365 * 200));
  if (store.value_count() != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const World world;
  const base::BytesView in{data, size};
  check(in, world);
  constexpr std::size_t digest = 32;
  if (size < digest) return 0;
  base::Bytes fixed(in.begin(), in.end() - digest);
  const auto d = security::sha256(fixed);
  fixed.insert(fixed.end(), d.begin(), d.end());
  check(fixed, world);
  return 0;
}
