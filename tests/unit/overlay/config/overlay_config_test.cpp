#include "libcommon/overlay/config/overlay_config.hpp"

#include <gtest/gtest.h>

#include <random>

#include "libcommon/overlay/config/base64.hpp"
#include "libcommon/security/certificate.hpp"
#include "tests/support/vectors.hpp"

namespace disco::overlay {
namespace {

using reload::msg::DataModel;
using storage::AccessPolicy;

std::string with_configuration(std::string_view attributes, std::string_view body) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<overlay xmlns="urn:ietf:params:xml:ns:p2p:config-base" xmlns:chord="urn:ietf:params:xml:ns:p2p:config-chord">
<configuration )") +
         std::string(attributes) + ">" + std::string(body) + "</configuration></overlay>";
}

std::string body(std::string_view b) { return with_configuration(R"(instance-name="o.example")", b); }

TEST(OverlayConfig, ParsesTheRfcExampleDocument) {
  const auto xml = test::load_raw_vector("overlay/rfc6940_s11_1_example.xml");
  auto c = parse_overlay_config(xml);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->instance_name, "overlay.example.org");
  EXPECT_EQ(c->sequence, 22);
  EXPECT_EQ(c->expiration, "2002-10-10T07:00:00Z");
  // date -u -d 2002-10-10T07:00:00Z +%s  ->  1034233200
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*expiration_time(*c)), 1034233200);
  EXPECT_EQ(c->topology_plugin, "CHORD-RELOAD");
  EXPECT_EQ(c->node_id_length, 16u);
  ASSERT_EQ(c->root_certs.size(), 2u);
  // The first is a real (2003, sipit test CA) certificate; the second is base64 of "bad cert\n".
  EXPECT_TRUE(security::Certificate::from_der(c->root_certs[0]));
  EXPECT_EQ(c->root_certs[1], base::to_bytes("bad cert\n"));
  EXPECT_EQ(c->enrollment_servers, (std::vector<std::string>{"https://example.org", "https://example.net"}));
  ASSERT_TRUE(c->self_signed_permitted);
  EXPECT_FALSE(c->self_signed_permitted->permitted);
  EXPECT_EQ(c->self_signed_permitted->digest, "sha1");
  ASSERT_EQ(c->bootstrap_nodes.size(), 3u);
  EXPECT_EQ(c->bootstrap_nodes[0], (BootstrapNode{"192.0.0.1", 6084}));
  EXPECT_EQ(c->bootstrap_nodes[2], (BootstrapNode{"2001:DB8::1", 6084}));
  EXPECT_EQ(c->turn_density, 20);
  EXPECT_FALSE(c->clients_permitted);
  EXPECT_FALSE(c->no_ice);
  EXPECT_EQ(c->chord_update_interval_s, 400u);
  EXPECT_EQ(c->chord_ping_interval_s, 30u);
  EXPECT_TRUE(c->chord_reactive);
  EXPECT_EQ(c->shared_secret, "password");
  EXPECT_EQ(c->max_message_size, 4000u);
  EXPECT_EQ(c->initial_ttl, 30);
  EXPECT_EQ(c->overlay_reliability_timer_ms, 3000u);
  EXPECT_EQ(c->overlay_link_protocols, std::vector<std::string>{"TLS"});
  EXPECT_EQ(c->configuration_signers, std::vector<std::string>{"47112162e84c69ba"});
  EXPECT_EQ(c->kind_signers, (std::vector<std::string>{"47112162e84c69ba", "6eba45d31a900c06"}));
  EXPECT_EQ(c->bad_nodes, (std::vector<std::string>{"6ebc45d31a900c06", "6ebc45d31a900ca6"}));
  EXPECT_EQ(c->mandatory_extensions, std::vector<std::string>{"urn:ietf:params:xml:ns:p2p:config-ext1"});
  ASSERT_EQ(c->kinds.size(), 2u);
  // SIP-REGISTRATION: the document says SINGLE / USER-MATCH, but s11.1 has clients use the IANA
  // registration (RFC 7904 s3: DICTIONARY, USER-NODE-MATCH); the limits are the document's.
  const auto& sip = c->kinds[0];
  EXPECT_EQ(sip.id, 1u);
  EXPECT_EQ(sip.name, "SIP-REGISTRATION");
  EXPECT_EQ(sip.model, DataModel::dictionary);
  EXPECT_EQ(sip.policy, AccessPolicy::user_node_match);
  EXPECT_EQ(sip.max_count, 1u);
  EXPECT_EQ(sip.max_size, 100u);
  const auto& k2000 = c->kinds[1];
  EXPECT_EQ(k2000.id, 2000u);
  EXPECT_EQ(k2000.name, "");
  EXPECT_EQ(k2000.model, DataModel::array);
  EXPECT_EQ(k2000.policy, AccessPolicy::node_multiple);
  EXPECT_EQ(k2000.max_node_multiple, 3u);
  EXPECT_EQ(k2000.max_count, 22u);
  EXPECT_EQ(k2000.max_size, 4u);

  // The second configuration, chosen by name, has every default.
  auto other = parse_overlay_config(xml, "other.example.net");
  ASSERT_TRUE(other) << other.error();
  OverlayConfig defaults;
  defaults.instance_name = "other.example.net";
  EXPECT_EQ(*other, defaults);
  EXPECT_EQ(parse_overlay_config(xml, "nope.example").error(),
            "<overlay>: no <configuration instance-name=\"nope.example\">");

  // Written and read again, it is the same configuration.
  auto again = parse_overlay_config(write_overlay_config(*c));
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(*again, *c);
}

OverlayConfig everything_set() {
  OverlayConfig c;
  c.instance_name = "round.trip.example";
  c.sequence = 65534;
  c.expiration = "2030-01-02T03:04:05Z";
  c.topology_plugin = "EXP-OVERLAY";
  c.node_id_length = 20;
  c.root_certs = {base::Bytes{0x30, 0x01, 0x00}, base::Bytes(1000, 0xab)};
  c.enrollment_servers = {"https://enroll.example"};
  c.self_signed_permitted = SelfSignedPermitted{true, "sha256"};
  c.bootstrap_nodes = {{"127.0.0.1", 6084}, {"::1", 7000}};
  c.turn_density = 0;
  c.clients_permitted = false;
  c.no_ice = true;
  c.chord_update_interval_s = 61;
  c.chord_ping_interval_s = 62;
  c.chord_reactive = false;
  c.shared_secret = "s3cret & <more>";
  c.max_message_size = 12000;
  c.initial_ttl = 200;
  c.overlay_link_protocols = {"TLS", "DTLS"};
  c.configuration_signers = {"00112233445566778899aabbccddeeff"};
  c.kind_signers = {"0011", "2233"};
  c.bad_nodes = {"ffeeddccbbaa99887766554433221100"};
  c.mandatory_extensions = {"urn:example:ext"};
  c.kinds = iana_kinds();
  c.kinds[0].max_count = 10;
  c.kinds[0].max_size = 200;
  storage::KindDefinition note;
  note.id = 0xF0000001;
  note.name = "DISCO-NOTE";
  note.model = DataModel::dictionary;
  note.policy = AccessPolicy::user_match;
  note.max_count = 1000;
  note.max_size = 4096;
  c.kinds.push_back(note);
  storage::KindDefinition multi;
  multi.id = 0xF0000002;
  multi.model = DataModel::single_value;
  multi.policy = AccessPolicy::node_multiple;
  multi.max_node_multiple = 7;
  multi.max_count = 1;
  multi.max_size = 16;
  c.kinds.push_back(multi);
  return c;
}

TEST(OverlayConfig, WriteThenParseRoundTrips) {
  const auto c = everything_set();
  const auto xml = write_overlay_config(c);
  EXPECT_NE(xml.find("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), std::string::npos);
  EXPECT_NE(xml.find("<chord:chord-update-interval>61</chord:chord-update-interval>"), std::string::npos);
  EXPECT_NE(xml.find("<kind name=\"SIP-REGISTRATION\">"), std::string::npos);
  EXPECT_NE(xml.find("<kind id=\"4026531841\">"), std::string::npos);
  EXPECT_NE(xml.find("<disco:kind-name>DISCO-NOTE</disco:kind-name>"), std::string::npos);
  auto parsed = parse_overlay_config(xml);
  ASSERT_TRUE(parsed) << parsed.error() << "\n" << xml;
  EXPECT_EQ(*parsed, c);

  OverlayConfig minimal;
  minimal.instance_name = "m.example";
  auto back = parse_overlay_config(write_overlay_config(minimal));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, minimal);
}

TEST(OverlayConfig, LenientWhereTheGrammarIs) {
  // Prefixes are whatever the document binds; white space around values is collapsed; the
  // "topology-plug-in" spelling of the prose is accepted; foreign elements and attributes and
  // unknown elements of the base namespace are ignored; CDATA counts as text.
  const auto xml = R"(<?xml version="1.0"?>
<p:overlay xmlns:p="urn:ietf:params:xml:ns:p2p:config-base" xmlns:c="urn:ietf:params:xml:ns:p2p:config-chord"
           xmlns:x="urn:example">
  <p:configuration instance-name=" o.example " sequence=" 7 " x:foo="bar">
    <p:topology-plug-in> CHORD-RELOAD </p:topology-plug-in>
    <p:no-ice> 1 </p:no-ice>
    <c:chord-reactive>0</c:chord-reactive>
    <p:max-message-size><![CDATA[6000]]></p:max-message-size>
    <x:anything><deep><deeper/></deep></x:anything>
    <p:future-element>whatever</p:future-element>
    <chord-update-interval xmlns="urn:ietf:params:xml:ns:p2p:config-chord">99</chord-update-interval>
  </p:configuration>
</p:overlay>)";
  auto c = parse_overlay_config(xml);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->instance_name, "o.example");
  EXPECT_EQ(c->sequence, 7);
  EXPECT_TRUE(c->no_ice);
  EXPECT_FALSE(c->chord_reactive);
  EXPECT_EQ(c->max_message_size, 6000u);
  EXPECT_EQ(c->chord_update_interval_s, 99u);
}

TEST(OverlayConfig, ErrorsNameTheElement) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not xml", "not well-formed XML"},
      {"<overlay/>", "the root element must be <overlay> in urn:ietf:params:xml:ns:p2p:config-base"},
      {R"(<overlay xmlns="urn:ietf:params:xml:ns:p2p:config-base"/>)", "<overlay>: no <configuration>"},
      {with_configuration("", ""), "<configuration>: the instance-name attribute is missing"},
      {with_configuration(R"(instance-name="a b")", ""), "not a DNS name"},
      {with_configuration(R"(instance-name="o.example" sequence="65535")", ""),
       "<configuration sequence>: \"65535\" is not an integer in 0..65534"},
      {with_configuration(R"(instance-name="o.example" sequence="-1")", ""), "is not an integer"},
      {with_configuration(R"(instance-name="o.example" expiration="tomorrow")", ""),
       "<configuration expiration=\"tomorrow\">: not an RFC 3339 date-time"},
      {body("<node-id-length>15</node-id-length>"), "<node-id-length>: \"15\" is not an integer in 16..20"},
      {body("<node-id-length>16x</node-id-length>"), "<node-id-length>: \"16x\""},
      {body("<node-id-length>99999999999999999999999</node-id-length>"), "<node-id-length>"},
      {body("<node-id-length>16</node-id-length><node-id-length>16</node-id-length>"),
       "<node-id-length> appears more than once"},
      {body("<no-ice>yes</no-ice>"), "<no-ice>: \"yes\" is not a boolean"},
      {body("<root-cert>not*base64</root-cert>"), "<root-cert> number 1: not base64"},
      {body("<root-cert></root-cert>"), "<root-cert> number 1: not base64"},
      {body(R"(<bootstrap-node address="example.org"/>)"), "<bootstrap-node address=\"example.org\">: not an IPv4"},
      {body(R"(<bootstrap-node address="192.0.2.1" port="70000"/>)"), "<bootstrap-node port>: \"70000\""},
      {body(R"(<bootstrap-node address="192.0.2.1" port="0"/>)"), "<bootstrap-node port>"},
      {body("<overlay-reliability-timer>199</overlay-reliability-timer>"), "<overlay-reliability-timer>: \"199\""},
      {body("<initial-ttl>0</initial-ttl>"), "<initial-ttl>"},
      {body("<bad-node>xyz</bad-node>"), "<bad-node>: \"xyz\" is not hex"},
      {body("<no-ice><b/></no-ice>"), "<no-ice>: expected text, found element <b>"},
      {body("<q:no-ice xmlns:r='x'/>"), "namespace prefix \"q\" is not declared"},
      {body("<required-kinds><kind-block><kind name='NOPE'/></kind-block></required-kinds>"),
       "<kind name=\"NOPE\">: not a kind this implementation supports"},
      {body("<required-kinds><kind-block><kind/></kind-block></required-kinds>"),
       "<kind>: needs exactly one of the attributes name and id"},
      {body("<required-kinds><kind-block><kind id='5' name='TURN-SERVICE'/></kind-block></required-kinds>"),
       "<kind>: needs exactly one"},
      {body("<required-kinds><kind-block><kind id='0'/></kind-block></required-kinds>"), "<kind id>: \"0\""},
      {body("<required-kinds><kind-block/></required-kinds>"), "<kind-block>: no <kind>"},
      {body("<required-kinds><kind-block><kind id='9'><data-model>ARRAY</data-model><access-control>USER-MATCH"
            "</access-control><max-count>1</max-count></kind></kind-block></required-kinds>"),
       "<kind id=\"9\">: <max-size> is missing"},
      {body("<required-kinds><kind-block><kind id='9'><data-model>LIST</data-model></kind></kind-block>"
            "</required-kinds>"),
       "<data-model>: \"LIST\" is not SINGLE, ARRAY or DICTIONARY"},
      {body("<required-kinds><kind-block><kind id='9'><access-control>EXP-MATCH</access-control></kind>"
            "</kind-block></required-kinds>"),
       "<kind id=\"9\"> <access-control>: access control \"EXP-MATCH\" is not supported"},
      {body("<required-kinds><kind-block><kind id='9'><data-model>ARRAY</data-model><access-control>NODE-MULTIPLE"
            "</access-control><max-count>1</max-count><max-size>1</max-size></kind></kind-block></required-kinds>"),
       "<kind id=\"9\">: NODE-MULTIPLE needs <max-node-multiple>"},
      {body("<required-kinds><kind-block><kind id='9'><max-count>1</max-count><max-count>1</max-count></kind>"
            "</kind-block></required-kinds>"),
       "<kind id=\"9\">: <max-count> appears more than once"},
      {R"(<?xml version="1.0"?><!DOCTYPE overlay [<!ENTITY x "y">]><overlay/>)", "a DOCTYPE is not allowed"},
  };
  for (const auto& [xml, expected] : cases) {
    auto r = parse_overlay_config(xml);
    ASSERT_FALSE(r) << xml;
    EXPECT_NE(r.error().find(expected), std::string::npos) << "error: " << r.error() << "\nexpected: " << expected;
  }
  const auto kind = [](std::string_view id) {
    return "<kind-block><kind id='" + std::string(id) +
           "'><data-model>ARRAY</data-model><access-control>USER-MATCH</access-control><max-count>1</max-count>"
           "<max-size>1</max-size></kind></kind-block>";
  };
  auto twice = parse_overlay_config(body("<required-kinds>" + kind("9") + kind("9") + "</required-kinds>"));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error(), "<required-kinds>: kind 9 is defined twice");
}

TEST(OverlayConfig, HostileInputIsBounded) {
  const std::string huge = body(std::string(max_config_document_size, ' '));
  EXPECT_NE(parse_overlay_config(huge).error().find("larger than"), std::string::npos);
  std::string many;
  for (int i = 0; i < 65; ++i) many += "<root-cert>MAA=</root-cert>";
  EXPECT_NE(parse_overlay_config(body(many)).error().find("<root-cert>: more than 64 entries"), std::string::npos);
  // Random bytes and random cuts of a valid document: errors, no crash.
  const auto xml = write_overlay_config(everything_set());
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    std::string junk = xml.substr(0, rng() % xml.size());
    if (i % 3 == 0)
      for (int j = 0; j < 5; ++j) junk[rng() % junk.size()] = static_cast<char>(rng());
    (void)parse_overlay_config(junk);
  }
  EXPECT_TRUE(parse_overlay_config(xml));
}

TEST(OverlayConfig, RegistryCodecContextAndVerifierOptions) {
  auto c = everything_set();
  c.kinds.erase(c.kinds.begin(), c.kinds.begin() + 4);  // only the private kinds
  const auto reg = kind_registry(c);
  EXPECT_EQ(reg.all().size(), 7u);
  const auto* sip = reg.find(reload::msg::kinds::sip_registration);
  ASSERT_NE(sip, nullptr);
  EXPECT_EQ(sip->model, DataModel::dictionary);
  EXPECT_EQ(sip->policy, AccessPolicy::user_node_match);
  const auto* turn = reg.find("turn-service");
  ASSERT_NE(turn, nullptr);
  EXPECT_EQ(turn->max_node_multiple, 20u);
  EXPECT_EQ(turn->model, DataModel::single_value);
  EXPECT_EQ(reg.find(reload::msg::kinds::certificate_by_node)->policy, AccessPolicy::node_match);
  EXPECT_EQ(reg.find(reload::msg::kinds::certificate_by_user)->policy, AccessPolicy::user_match);
  EXPECT_EQ(reg.find("DISCO-NOTE")->id, 0xF0000001u);
  // RFC 8076 s7: the ACL kind is built in, as the other IANA kinds.
  ASSERT_NE(reg.find(reload::msg::kinds::access_control_list), nullptr);
  EXPECT_EQ(reg.find(reload::msg::kinds::access_control_list)->policy, AccessPolicy::user_chain_acl);

  // A configuration kind replaces the IANA one with the same id (its limits).
  c.kinds = iana_kinds();
  c.kinds[2].max_count = 3;
  EXPECT_EQ(kind_registry(c).find(reload::msg::kinds::certificate_by_node)->max_count, 3u);

  const auto ctx = codec_context(c);
  EXPECT_EQ(ctx.node_id_length, 20u);
  EXPECT_EQ(ctx.limits.max_message_size, 12000u);
  EXPECT_EQ(ctx.kinds.model(reload::msg::kinds::certificate_by_user), DataModel::array);
  EXPECT_FALSE(ctx.kinds.model(0xF0000009));

  c.bad_nodes.push_back("0011");  // not a Node-ID: skipped
  const auto v = verifier_options(c);
  EXPECT_EQ(v.overlay, "round.trip.example");
  EXPECT_EQ(v.node_id_length, 20u);
  EXPECT_EQ(v.root_certs, c.root_certs);
  ASSERT_EQ(v.bad_nodes.size(), 1u);
  EXPECT_EQ(v.bad_nodes[0].to_hex(), "ffeeddccbbaa99887766554433221100");
}

TEST(OverlayConfig, Rfc3339) {
  // date -u -d 2024-02-29T23:59:59Z +%s  ->  1709251199
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*parse_rfc3339("2024-02-29T23:59:59Z")), 1709251199);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*parse_rfc3339("2024-03-01T01:59:59.25+02:00")), 1709251199);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*parse_rfc3339("2024-02-29t20:59:59-03:00")), 1709251199);
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2024-02-29T23:59:59Z")), "2024-02-29T23:59:59Z");
  for (std::string_view bad :
       {"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00",
        "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00+2:00", "2024-01-01T00:00:00Zjunk", ""})
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  // Well-formed, but outside what system_clock's 64-bit nanoseconds hold (1677..2262): refused
  // rather than overflowing (found by fuzz_overlay_config).
  EXPECT_FALSE(parse_rfc3339("1001-10-10T07:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:59:59Z"));
  EXPECT_TRUE(parse_rfc3339("1700-01-01T00:00:00Z"));
  EXPECT_TRUE(parse_rfc3339("2250-01-01T00:00:00Z"));
}

TEST(OverlayConfig, Base64) {
  EXPECT_EQ(base64_encode(base::to_bytes("")), "");
  EXPECT_EQ(base64_encode(base::to_bytes("f")), "Zg==");
  EXPECT_EQ(base64_encode(base::to_bytes("fo")), "Zm8=");
  EXPECT_EQ(base64_encode(base::to_bytes("foobar")), "Zm9vYmFy");  // RFC 4648 s10
  EXPECT_EQ(base64_encode(base::to_bytes("foobar"), 4), "Zm9v\nYmFy");
  EXPECT_EQ(base64_decode(" Zm9v\nYmE= "), base::to_bytes("fooba"));
  EXPECT_EQ(base64_decode("Zg=="), base::to_bytes("f"));
  for (std::string_view bad : {"Zg=", "Zg", "Z===", "Zm=v", "Zh==", "Zm9*", "Zg==Zg=="})
    EXPECT_FALSE(base64_decode(bad)) << bad;
  std::mt19937 rng(3);
  for (int i = 0; i < 200; ++i) {
    base::Bytes data(rng() % 50);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    EXPECT_EQ(base64_decode(base64_encode(data, 7)), data);
  }
}

}  // namespace
}  // namespace disco::overlay
