// ShaRe + DisCo on a simulated 60-peer CHORD-RELOAD overlay (virtual clock, real engines, the real
// RTT matrix): the storing peers enforce USER-CHAIN-ACL (RFC 8076 s6.4) whichever peer is
// responsible; grants, delegation, revocation of a subtree; lookups from random peers validate the
// entries with the fetched ACL and order them by coordinate distance.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "libcommon/storage/digest.hpp"
#include "libcommon/storage/signer_of.hpp"
#include "libcommon/usages/disco/lookup.hpp"
#include "libcommon/usages/disco/registration.hpp"
#include "libcommon/usages/share/array_index.hpp"
#include "tests/support/sim_world.hpp"

namespace disco::sim {
namespace {

using namespace std::chrono_literals;
namespace msg = reload::msg;

constexpr std::size_t peers = 60;
const std::string conference_name = "team-conf-node-0@sim";

overlay::NodeConfig config(const storage::KindRegistry& kinds) {
  overlay::NodeConfig c;
  c.overlay_name = "sim.example";
  c.overlay_hash = 0x51u;
  c.codec.kinds = kinds.kind_table();
  c.codec.limits.max_message_size = 64000;
  c.update_interval = 20s;
  c.liveness_timeout = 50s;
  c.finger_refresh_interval = 120s;
  c.replication_interval = 30s;
  c.default_lifetime_s = 3600;
  return c;
}

RttMatrix matrix() {
  std::string why;
  if (auto m = RttMatrix::load(rtt_matrix_path(), why)) return *m;
  return RttMatrix::synthetic(213);
}

class ShareSim : public ::testing::Test {
 protected:
  ShareSim() {
    kinds_ = note_kind_registry();
    kinds_.add(discoreg::acl_kind());
    kinds_.add(discoreg::registration_kind());
    WorldOptions o;
    o.nodes = peers;
    o.seed = 8076;
    o.node = config(kinds_);
    world_ = std::make_unique<World>(o, matrix(), kinds_);
    auto& w = *world_;
    w.start(0);
    for (std::size_t i = 1; i < peers; ++i) {
      w.run_for(100ms);
      w.start(i);
    }
    EXPECT_TRUE(w.run_until_true([&] { return w.ring().size() == peers; }, 5s, 900s));
    w.run_for(o.node.finger_refresh_interval + 30s);
  }

  // Stores one value through peer i and runs the world until the answer: the error code, or 0.
  std::uint16_t store(std::size_t i, msg::KindId kind, msg::StoredDataValue value) {
    auto& w = *world_;
    std::optional<std::uint16_t> code;
    overlay::ValueToStore v;
    v.value = std::move(value);
    w.node(i).store(resource_, kind, {v}, 0, w.now(), [&](const overlay::Outcome& o) {
      if (o.ok()) {
        code = 0;
      } else if (const auto* e = std::get_if<msg::ErrorResponse>(&o.answer.value)) {
        code = e->error_code;
      } else {
        code = 0xffff;
      }
    });
    w.run_until_true([&] { return code.has_value(); }, 50ms, 60s);
    return code.value_or(0xfffe);
  }
  static std::uint16_t forbidden() { return static_cast<std::uint16_t>(msg::ErrorCode::forbidden); }

  std::uint32_t index(std::size_t granter, std::uint8_t counter) const {
    return share::share_index(world_->id(granter), counter);
  }
  std::uint16_t grant(std::size_t by, std::uint8_t counter, std::size_t to, bool ad) {
    share::AccessControlListItem item{share::ResourceNameExtension{1, conference_name}, world_->user(to),
                                      discoreg::kind_id, ad};
    return store(by, msg::kinds::access_control_list,
                 {msg::ArrayEntry{index(by, counter), {true, *encode(item, true)}}});
  }
  std::uint16_t revoke(std::size_t by, std::uint32_t at) {
    return store(by, msg::kinds::access_control_list, {msg::ArrayEntry{at, {false, {}}}});
  }
  std::uint16_t register_focus(std::size_t i) {
    discoreg::Registration r;
    r.res_name_ext = share::ResourceNameExtension{1, conference_name};
    r.type = discoreg::ContactType::focus_node;
    r.destinations = {msg::Destination{world_->id(i)}};
    r.coordinates = coordinate(static_cast<double>(i)).dump();
    const auto key = world_->id(i).bytes();
    return store(i, discoreg::kind_id,
                 {msg::DictionaryEntry{base::Bytes(key.begin(), key.end()), {true, *discoreg::encode(r)}}});
  }
  static nlohmann::json coordinate(double x) {
    return nlohmann::json{{"model", "vivaldi"}, {"vector", {x, 0.0}}, {"height", 0.0}};
  }

  // A lookup from peer i: Fetch both kinds, find the signers, validate and order (near 0,0).
  struct Lookup {
    std::vector<std::size_t> foci;  // peer indices, nearest first
    double ms = 0;
  };
  Lookup lookup(std::size_t from) {
    auto& w = *world_;
    const auto started = w.now();
    std::vector<discoreg::FetchedEntry> entries;
    std::vector<share::SignedAclItem> acl;
    int pending = 2;
    auto fetch = [&](msg::StoredDataSpecifier spec, bool is_acl) {
      w.node(from).fetch(msg::FetchReq{resource_, {std::move(spec)}}, w.now(), [&, is_acl](const overlay::Outcome& o) {
        --pending;
        const auto* ans = std::get_if<msg::FetchAns>(&o.answer.value);
        if (!o.ok() || ans == nullptr) return;
        for (const auto& kr : ans->kind_responses) {
          const auto* values = std::get_if<std::vector<msg::StoredData>>(&kr.values);
          if (values == nullptr) continue;
          for (const auto& sd : *values) {
            auto who = storage::signer_of(sd.signature, o.certificates, verifier_);
            if (!who) continue;
            if (const auto* a = std::get_if<msg::ArrayEntry>(&sd.value.value); a != nullptr && is_acl) {
              if (!a->value.exists) continue;
              if (auto item = share::decode_acl_item(a->value.value, true))
                acl.push_back({a->index, std::move(*item), who->user});
            } else if (const auto* d = std::get_if<msg::DictionaryEntry>(&sd.value.value); d != nullptr) {
              if (d->value.exists) entries.push_back({d->key, d->value.value, who->user, who->node_ids, sd.lifetime});
            }
          }
        }
      });
    };
    fetch(msg::StoredDataSpecifier{discoreg::kind_id, 0, msg::DictionarySpecifier{}}, false);
    fetch(msg::StoredDataSpecifier{msg::kinds::access_control_list, 0, msg::ArraySpecifier{{{0, 0xffffffff}}}}, true);
    w.run_until_true([&] { return pending == 0; }, 1ms, 60s);
    Lookup out;
    out.ms = std::chrono::duration<double, std::milli>(w.now() - started).count();
    auto me = coord::parse_coordinate(coordinate(0));
    const auto result = discoreg::select_foci(conference_name, entries, acl, *me);
    for (const auto& f : result.foci)
      for (std::size_t i = 0; i < peers; ++i)
        if (w.id(i) == f.node_id) out.foci.push_back(i);
    return out;
  }

  storage::KindRegistry kinds_;
  std::unique_ptr<World> world_;
  test::FakeVerifier verifier_;
  reload::ResourceId resource_ = storage::overlay_hash(base::as_bytes(conference_name));
};

TEST_F(ShareSim, StoringPeersEnforceTheChainAndLookupsFollowIt) {
  ASSERT_EQ(world_->ring().size(), peers);
  // The owner (node-0@sim owns team-conf-node-0@sim by the pattern) registers and roots the ACL.
  ASSERT_EQ(register_focus(0), 0);
  ASSERT_EQ(grant(0, 0, 0, true), 0);  // the root item: to_user = the owner
  // Not granted: refused wherever the responsible peer is.
  for (std::size_t i = 1; i <= 5; ++i) EXPECT_EQ(register_focus(i), forbidden()) << i;
  EXPECT_EQ(grant(1, 0, 2, true), forbidden());
  // The owner grants 1..10 (1 may delegate); 1 grants 11..15.
  for (std::size_t i = 1; i <= 10; ++i) ASSERT_EQ(grant(0, static_cast<std::uint8_t>(i), i, i == 1), 0) << i;
  for (std::size_t i = 11; i <= 15; ++i) ASSERT_EQ(grant(1, static_cast<std::uint8_t>(i - 10), i, false), 0) << i;
  EXPECT_EQ(grant(2, 0, 20, false), forbidden());  // 2 may not delegate
  for (std::size_t i = 1; i <= 15; ++i) EXPECT_EQ(register_focus(i), 0) << i;
  EXPECT_EQ(register_focus(20), forbidden());

  std::mt19937 rng(4);
  std::vector<double> ms;
  for (int k = 0; k < 20; ++k) {
    auto l = lookup(rng() % peers);
    ms.push_back(l.ms);
    ASSERT_EQ(l.foci.size(), 16u);
    for (std::size_t j = 0; j < l.foci.size(); ++j) EXPECT_EQ(l.foci[j], j);  // coordinate x = index
  }
  std::sort(ms.begin(), ms.end());
  std::printf("[sim] ShaRe lookup of 16 foci from random peers (virtual time, RTT matrix): p50 %.0f ms, max %.0f ms\n",
              ms[ms.size() / 2], ms.back());

  // Revoking node 1 drops its subtree (11..15) and itself: refreshes refused, lookups drop them.
  ASSERT_EQ(revoke(0, index(0, 1)), 0);
  EXPECT_EQ(register_focus(1), forbidden());
  for (std::size_t i = 11; i <= 15; ++i) EXPECT_EQ(register_focus(i), forbidden()) << i;
  EXPECT_EQ(register_focus(2), 0);
  auto l = lookup(42);
  EXPECT_EQ(l.foci, (std::vector<std::size_t>{0, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  // Node 2 may not revoke another's grant; the owner may remove anyone's entry.
  EXPECT_EQ(revoke(2, index(0, 3)), forbidden());
  const auto key3 = world_->id(3).bytes();
  EXPECT_EQ(store(0, discoreg::kind_id, {msg::DictionaryEntry{base::Bytes(key3.begin(), key3.end()), {false, {}}}}), 0);
  l = lookup(17);
  EXPECT_EQ(std::find(l.foci.begin(), l.foci.end(), 3), l.foci.end());
}

}  // namespace
}  // namespace disco::sim
