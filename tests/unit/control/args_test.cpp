// Typed op arguments: what each op accepts, each way its args can be wrong, and that to_args()
// builds exactly what the parsers read back.
#include "libcommon/control/args.hpp"

#include <gtest/gtest.h>

#include <string>

namespace disco::control {
namespace {

using nlohmann::json;

template <class R>
std::string error_of(const R& r) {
  EXPECT_FALSE(r);
  if (r) return {};
  EXPECT_EQ(r.error().code, ErrorCode::bad_request);
  return r.error().message;
}

bool mentions(const std::string& message, std::string_view what) { return message.find(what) != std::string::npos; }

const std::string node_hex16 = "000102030405060708090a0b0c0d0e0f";
const std::string node_hex20 = "000102030405060708090a0b0c0d0e0f10111213";

// --- store -----------------------------------------------------------------------------------------

TEST(ControlStoreArgs, ResourceNameKindNameAndTextValue) {
  auto r = parse_store_args({{"resource", "sip:alice@example.org"}, {"kind", "SIP-REGISTRATION"}, {"value", "hé"}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->resource, "sip:alice@example.org");
  EXPECT_EQ(r->resource_id, std::nullopt);
  EXPECT_EQ(r->kind, KindRef{std::string("SIP-REGISTRATION")});
  EXPECT_EQ(r->value, base::to_bytes("hé"));
  EXPECT_TRUE(r->exists);
  EXPECT_EQ(r->key, std::nullopt);
  EXPECT_EQ(r->index, std::nullopt);
  EXPECT_EQ(r->lifetime_s, std::nullopt);
}

TEST(ControlStoreArgs, ResourceIdNumericKindHexValueKeyAndLifetime) {
  auto r = parse_store_args({{"resource_id", "A1b2"},
                             {"kind", 4026531841U},
                             {"key_hex", node_hex16},
                             {"value_hex", "00ff"},
                             {"lifetime_s", 60}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->resource_id, (base::Bytes{0xa1, 0xb2}));
  EXPECT_EQ(r->kind, KindRef{4026531841U});
  EXPECT_EQ(r->key, base::from_hex(node_hex16));
  EXPECT_EQ(r->value, (base::Bytes{0x00, 0xff}));
  EXPECT_EQ(r->lifetime_s, 60U);
}

TEST(ControlStoreArgs, KindAsDigitsIsAKindId) {
  auto r = parse_store_args({{"resource", "r"}, {"kind", "42"}, {"value", ""}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, KindRef{42U});
  auto max = parse_store_args({{"resource", "r"}, {"kind", "4294967295"}, {"value", ""}});
  ASSERT_TRUE(max);
  EXPECT_EQ(max->kind, KindRef{4294967295U});
}

TEST(ControlStoreArgs, TextKeyIndexAndTombstone) {
  auto keyed = parse_store_args({{"resource", "r"}, {"kind", 1}, {"key", "k"}, {"value", "v"}});
  ASSERT_TRUE(keyed);
  EXPECT_EQ(keyed->key, base::to_bytes("k"));
  auto indexed = parse_store_args({{"resource", "r"}, {"kind", 1}, {"index", 4294967295U}, {"value", "v"}});
  ASSERT_TRUE(indexed);
  EXPECT_EQ(indexed->index, 4294967295U);
  auto tombstone = parse_store_args({{"resource", "r"}, {"kind", 1}, {"exists", false}});
  ASSERT_TRUE(tombstone) << tombstone.error().message;
  EXPECT_FALSE(tombstone->exists);
  EXPECT_TRUE(tombstone->value.empty());
}

TEST(ControlStoreArgs, ResourceMustBeExactlyOneOfNameAndId) {
  const json base_args = {{"kind", 1}, {"value", "v"}};
  auto with = [&](json extra) {
    json j = base_args;
    j.update(extra);
    return parse_store_args(j);
  };
  EXPECT_TRUE(mentions(error_of(with(json::object())), "exactly one"));
  EXPECT_TRUE(mentions(error_of(with({{"resource", "r"}, {"resource_id", "00"}})), "exactly one"));
  EXPECT_TRUE(mentions(error_of(with({{"resource", ""}})), "empty"));
  EXPECT_TRUE(mentions(error_of(with({{"resource", 5}})), "'resource' must be a string"));
  EXPECT_TRUE(mentions(error_of(with({{"resource_id", "0g"}})), "hex"));
  EXPECT_TRUE(mentions(error_of(with({{"resource_id", "abc"}})), "hex"));
  EXPECT_TRUE(mentions(error_of(with({{"resource_id", "ab cd"}})), "hex"));
  EXPECT_TRUE(mentions(error_of(with({{"resource_id", ""}})), "1..255 bytes"));
  EXPECT_TRUE(mentions(error_of(with({{"resource_id", std::string(512, 'a')}})), "1..255 bytes"));
  EXPECT_TRUE(with({{"resource_id", std::string(510, 'a')}}));
}

TEST(ControlStoreArgs, KindErrors) {
  auto with_kind = [](json kind) { return parse_store_args({{"resource", "r"}, {"kind", kind}, {"value", "v"}}); };
  EXPECT_TRUE(mentions(error_of(parse_store_args({{"resource", "r"}, {"value", "v"}})), "missing 'kind'"));
  for (const json& bad : {json(-1), json(4294967296ULL), json(1.5), json(""), json("4294967296"), json(nullptr),
                          json::array({1}), json(std::string(256, 'K'))}) {
    EXPECT_TRUE(mentions(error_of(with_kind(bad)), "Kind-ID")) << bad.dump();
  }
}

TEST(ControlStoreArgs, KeyIndexAndValueConflicts) {
  auto store = [](json extra) {
    json j = {{"resource", "r"}, {"kind", 1}};
    j.update(extra);
    return parse_store_args(j);
  };
  EXPECT_TRUE(mentions(error_of(store({{"key", "k"}, {"index", 1}, {"value", "v"}})), "at most one"));
  EXPECT_TRUE(mentions(error_of(store({{"key", "k"}, {"key_hex", "00"}, {"value", "v"}})), "at most one"));
  EXPECT_TRUE(mentions(error_of(store({{"value", "v"}, {"value_hex", "00"}})), "not both"));
  EXPECT_TRUE(mentions(error_of(store(json::object())), "missing 'value'"));
  EXPECT_TRUE(mentions(error_of(store({{"value_hex", "0"}})), "hex"));
  EXPECT_TRUE(mentions(error_of(store({{"value", 3}})), "must be a string"));
  EXPECT_TRUE(mentions(error_of(store({{"value", "v"}, {"index", -1}})), "'index'"));
  EXPECT_TRUE(mentions(error_of(store({{"value", "v"}, {"index", 4294967296ULL}})), "'index'"));
  EXPECT_TRUE(mentions(error_of(store({{"value", "v"}, {"exists", "yes"}})), "true or false"));
  EXPECT_TRUE(mentions(error_of(store({{"value", "v"}, {"lifetime_s", 0}})), "at least 1"));
  EXPECT_TRUE(mentions(error_of(store({{"value", "v"}, {"lifetime_s", 1.5}})), "'lifetime_s'"));
}

TEST(ControlStoreArgs, UnknownArgumentsAndNonObjectsAreRefused) {
  auto typo = error_of(parse_store_args({{"resource", "r"}, {"kind", 1}, {"value_hx", "00"}}));
  EXPECT_TRUE(mentions(typo, "store: unknown argument 'value_hx'"));
  EXPECT_TRUE(mentions(error_of(parse_store_args(json::array())), "object"));
}

TEST(ControlStoreArgs, ToArgsRoundTrips) {
  StoreArgs a;
  a.resource_id = base::Bytes{1, 2, 3};
  a.kind = std::string("DISCO-REGISTRATION");
  a.key = base::Bytes{9, 9};
  a.value = base::to_bytes("\x01\x02 binary");
  a.lifetime_s = 3600;
  auto back = parse_store_args(to_args(a));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, a);

  StoreArgs t;
  t.resource = "r";
  t.kind = 7U;
  t.index = 3;
  t.exists = false;
  auto back_t = parse_store_args(to_args(t));
  ASSERT_TRUE(back_t) << back_t.error().message;
  EXPECT_EQ(*back_t, t);
}

// --- fetch / stat ------------------------------------------------------------------------------------

TEST(ControlFetchArgs, AllIsTheDefault) {
  auto r = parse_fetch_args({{"resource", "r"}, {"kind", "SIP-REGISTRATION"}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->all);
  EXPECT_TRUE(r->keys.empty());
  EXPECT_TRUE(r->indices.empty());
  EXPECT_EQ(r->generation, std::nullopt);
}

TEST(ControlFetchArgs, KeysTextThenHex) {
  auto r = parse_fetch_args({{"resource", "r"}, {"kind", 1}, {"keys", {"a", "b"}}, {"keys_hex", {"00ff", ""}}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->all);
  EXPECT_EQ(r->keys, (std::vector<base::Bytes>{base::to_bytes("a"), base::to_bytes("b"), {0x00, 0xff}, {}}));
}

TEST(ControlFetchArgs, IndicesAndRanges) {
  auto r = parse_fetch_args({{"resource", "r"}, {"kind", 1}, {"indices", {3, {5, 9}, {0, 4294967295U}}}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->indices, (std::vector<IndexRange>{{3, 3}, {5, 9}, {0, 4294967295U}}));
  EXPECT_FALSE(r->all);
}

TEST(ControlFetchArgs, Generation) {
  auto r = parse_fetch_args({{"resource", "r"}, {"kind", 1}, {"generation", 18446744073709551615ULL}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->generation, 18446744073709551615ULL);
  EXPECT_TRUE(
      mentions(error_of(parse_fetch_args({{"resource", "r"}, {"kind", 1}, {"generation", -1}})), "'generation'"));
}

TEST(ControlFetchArgs, SelectionErrors) {
  auto fetch = [](json extra) {
    json j = {{"resource", "r"}, {"kind", 1}};
    j.update(extra);
    return parse_fetch_args(j);
  };
  EXPECT_TRUE(mentions(error_of(fetch({{"keys", {"a"}}, {"indices", {1}}})), "not both"));
  EXPECT_TRUE(mentions(error_of(fetch({{"keys", {"a"}}, {"all", true}})), "'all' cannot"));
  EXPECT_TRUE(mentions(error_of(fetch({{"all", false}})), "no keys or indices"));
  EXPECT_TRUE(mentions(error_of(fetch({{"keys", "a"}})), "must be an array"));
  EXPECT_TRUE(mentions(error_of(fetch({{"keys", {1}}})), "keys_hex"));
  EXPECT_TRUE(mentions(error_of(fetch({{"keys_hex", {"xyz0"}}})), "hex"));
  EXPECT_TRUE(mentions(error_of(fetch({{"indices", {{9, 5}}}})), "first <= last"));
  EXPECT_TRUE(mentions(error_of(fetch({{"indices", {{1, 2, 3}}}})), "first <= last"));
  EXPECT_TRUE(mentions(error_of(fetch({{"indices", {-1}}})), "indices"));
  EXPECT_TRUE(mentions(error_of(fetch({{"indices", {"1"}}})), "indices"));
  // Empty lists (found by fuzz_control_request: they parsed to all=false with nothing selected).
  EXPECT_TRUE(mentions(error_of(fetch({{"keys", json::array()}})), "list no key"));
  EXPECT_TRUE(mentions(error_of(fetch({{"keys", json::array()}, {"keys_hex", json::array()}})), "list no key"));
  EXPECT_TRUE(mentions(error_of(fetch({{"indices", json::array()}})), "lists no index"));
  EXPECT_TRUE(fetch({{"keys", json::array()}, {"keys_hex", {"00"}}}).has_value());
  EXPECT_TRUE(mentions(error_of(fetch({{"value", "v"}})), "unknown argument 'value'"));
}

TEST(ControlFetchArgs, StatNamesItselfInErrors) {
  auto r = parse_stat_args({{"resource", "r"}});
  EXPECT_TRUE(mentions(error_of(r), "stat: missing 'kind'"));
  EXPECT_TRUE(parse_stat_args({{"resource_id", "00"}, {"kind", 3}, {"indices", {1}}}));
}

TEST(ControlFetchArgs, ToArgsRoundTrips) {
  FetchArgs keys;
  keys.resource = "conf@example.org";
  keys.kind = std::string("DISCO-REGISTRATION");
  keys.keys = {base::to_bytes("a"), {0xff}};
  keys.all = false;
  keys.generation = 12;
  FetchArgs ranges;
  ranges.resource_id = base::Bytes(16, 0xab);
  ranges.kind = 5U;
  ranges.indices = {{0, 0}, {2, 7}};
  ranges.all = false;
  FetchArgs all;
  all.resource = "r";
  all.kind = 1U;
  for (const auto& a : {keys, ranges, all}) {
    auto back = parse_fetch_args(to_args(a));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, a);
  }
}

// --- find ----------------------------------------------------------------------------------------------

TEST(ControlFindArgs, KindsByNameAndNumber) {
  auto r = parse_find_args({{"resource", "r"}, {"kinds", {"SIP-REGISTRATION", 7, "12"}}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->kinds, (std::vector<KindRef>{std::string("SIP-REGISTRATION"), 7U, 12U}));
  auto back = parse_find_args(to_args(*r));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, *r);
}

TEST(ControlFindArgs, KindsMustListOneTo63) {
  EXPECT_TRUE(mentions(error_of(parse_find_args({{"resource", "r"}})), "1 to 63"));
  EXPECT_TRUE(mentions(error_of(parse_find_args({{"resource", "r"}, {"kinds", json::array()}})), "1 to 63"));
  EXPECT_TRUE(mentions(error_of(parse_find_args({{"resource", "r"}, {"kinds", 1}})), "must be an array"));
  EXPECT_TRUE(parse_find_args({{"resource", "r"}, {"kinds", std::vector<int>(63, 1)}}));
  EXPECT_TRUE(mentions(error_of(parse_find_args({{"resource", "r"}, {"kinds", std::vector<int>(64, 1)}})), "1 to 63"));
  EXPECT_TRUE(mentions(error_of(parse_find_args({{"resource", "r"}, {"kinds", {1, -2}}})), "Kind-ID"));
}

// --- ping / route -------------------------------------------------------------------------------------

TEST(ControlDestinationArgs, HexOfNodeIdLengthIsANodeId) {
  for (const auto& hex : {node_hex16, node_hex20, std::string("ABCDEF0123456789ABCDEF0123456789")}) {
    auto r = parse_ping_args({{"destination", hex}});
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->destination.node_id) << hex;
    EXPECT_EQ(r->destination.node_id, reload::NodeId::from_hex(hex));
    EXPECT_EQ(r->destination.resource, std::nullopt);
  }
}

TEST(ControlDestinationArgs, AnythingElseIsAResourceName) {
  for (const auto& name :
       {std::string("sip:conf@example.org"), node_hex16.substr(1), node_hex20 + "14", node_hex16.substr(0, 31) + "g"}) {
    auto r = parse_ping_args({{"destination", name}});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->destination.resource, name);
    EXPECT_EQ(r->destination.node_id, std::nullopt);
  }
}

TEST(ControlDestinationArgs, ExplicitForms) {
  auto node = parse_ping_args({{"node_id", node_hex20}});
  ASSERT_TRUE(node);
  EXPECT_EQ(node->destination.node_id, reload::NodeId::from_hex(node_hex20));
  auto named = parse_ping_args({{"resource", node_hex16}});  // explicitly a name, although it looks like an id
  ASSERT_TRUE(named);
  EXPECT_EQ(named->destination.resource, node_hex16);
  auto id = parse_ping_args({{"resource_id", "0a0b"}});
  ASSERT_TRUE(id);
  EXPECT_EQ(id->destination.resource_id, (base::Bytes{0x0a, 0x0b}));
}

TEST(ControlDestinationArgs, Errors) {
  EXPECT_TRUE(mentions(error_of(parse_ping_args(json::object())), "exactly one"));
  EXPECT_TRUE(mentions(error_of(parse_ping_args({{"destination", "x"}, {"node_id", node_hex16}})), "exactly one"));
  EXPECT_TRUE(mentions(error_of(parse_ping_args({{"destination", ""}})), "empty"));
  EXPECT_TRUE(mentions(error_of(parse_ping_args({{"destination", 5}})), "must be a string"));
  EXPECT_TRUE(mentions(error_of(parse_ping_args({{"node_id", node_hex16.substr(2)}})), "16..20 bytes"));
  EXPECT_TRUE(mentions(error_of(parse_ping_args({{"node_id", node_hex20 + "1415"}})), "16..20 bytes"));
  EXPECT_TRUE(mentions(error_of(parse_ping_args({{"node_id", "zz" + node_hex16.substr(2)}})), "16..20 bytes"));
  EXPECT_TRUE(mentions(error_of(parse_ping_args({{"resource", ""}})), "empty"));
  EXPECT_TRUE(mentions(error_of(parse_ping_args({{"resource", "r"}, {"send_update", true}})), "ping: unknown"));
}

TEST(ControlRouteArgs, SendUpdateAndRoundTrip) {
  auto r = parse_route_args({{"destination", node_hex16}, {"send_update", true}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->send_update);
  auto back = parse_route_args(to_args(*r));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, *r);
  EXPECT_TRUE(mentions(error_of(parse_route_args({{"resource", "r"}, {"send_update", 1}})), "true or false"));
  PingArgs p{Destination{std::nullopt, std::string("r"), std::nullopt}};
  auto back_p = parse_ping_args(to_args(p));
  ASSERT_TRUE(back_p);
  EXPECT_EQ(*back_p, p);
}

// --- ops without arguments ---------------------------------------------------------------------------

TEST(ControlNoArgs, EmptyObjectOnly) {
  EXPECT_TRUE(parse_leave_args(json::object()));
  EXPECT_TRUE(parse_leave_args(to_args(LeaveArgs{})));
  EXPECT_TRUE(mentions(error_of(parse_leave_args({{"now", true}})), "leave: unknown argument 'now'"));
  for (Op op : {Op::status, Op::fingers, Op::successors, Op::stored}) {
    EXPECT_TRUE(parse_no_args(op, json::object()));
    EXPECT_TRUE(mentions(error_of(parse_no_args(op, {{"x", 1}})), std::string(to_string(op)) + ": "));
  }
  EXPECT_TRUE(mentions(error_of(parse_no_args(Op::status, json::array())), "object"));
}

TEST(ControlKindRef, ToString) {
  EXPECT_EQ(to_string(KindRef{42U}), "42");
  EXPECT_EQ(to_string(KindRef{std::string("SIP-REGISTRATION")}), "SIP-REGISTRATION");
}

}  // namespace
}  // namespace disco::control
