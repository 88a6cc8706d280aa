#include "libcommon/cli/reload_node_text.hpp"

#include <gtest/gtest.h>

#include "libcommon/cli/home_summary.hpp"

namespace disco::cli::reload_node {
namespace {

TEST(ReloadNodeText, StatusIsAlignedKeyValueLinesWithListsAndNestedCounters) {
  // Member order as the control client hands it over (sorted); the renderer puts its own first.
  auto answer = ordered_json::parse(R"({"links":2,"node_id":"aa","overlay":"ov.example",
      "predecessors":[],"state":"joined","stats":{"dropped_loop":0,"messages_in":5},
      "successors":["bb","cc"],"uptime_s":12,"zz_new":"x y"})");
  EXPECT_EQ(status_text(answer),
            "node_id:            aa\n"
            "overlay:            ov.example\n"
            "state:              joined\n"
            "uptime_s:           12\n"
            "links:              2\n"
            "successors:         bb\n"
            "                    cc\n"
            "predecessors:       -\n"
            "stats.dropped_loop: 0\n"
            "stats.messages_in:  5\n"
            "zz_new:             x y\n");
}

TEST(ReloadNodeText, FingersAndSuccessorsAreTables) {
  auto fingers = ordered_json::parse(R"({"fingers":[{"index":1,"node_id":"bb","start":"ab"},
      {"index":2,"node_id":null,"start":"ac"}],"node_id":"aa"})");
  EXPECT_EQ(fingers_text(fingers),
            "node_id: aa\n"
            "\n"
            "index  start  node_id\n"
            "1      ab     bb\n"
            "2      ac     -\n");
  auto successors = ordered_json::parse(R"({"node_id":"aa","predecessors":["ff"],"successors":["bb","cc"]})");
  EXPECT_EQ(successors_text(successors),
            "node_id: aa\n"
            "\n"
            "role         position  node_id\n"
            "successor    1         bb\n"
            "successor    2         cc\n"
            "predecessor  1         ff\n");
  EXPECT_EQ(successors_text(ordered_json::parse(R"({"node_id":"aa","predecessors":[],"successors":[]})")),
            "node_id: aa\n\nno neighbours\n");
}

TEST(ReloadNodeText, FetchShowsTextOrHexAndTombstones) {
  auto answer = ordered_json::parse(R"({"generation":3,"hops":1,"kind":4026531841,"node_id":"bb",
      "resource_id":"0a","rtt_ms":4,"transmissions":1,"values":[
        {"exists":true,"key":"alice","key_hex":"616c696365","lifetime_s":60,"storage_time_ms":1000,
         "value":"hello world","value_hex":"68656c6c6f20776f726c64"},
        {"exists":true,"key_hex":"00ff","lifetime_s":60,"storage_time_ms":1001,"value_hex":"01"},
        {"exists":false,"key":"bob","key_hex":"626f62","lifetime_s":60,"storage_time_ms":1002}]})");
  EXPECT_EQ(fetch_text(answer),
            "resource_id:   0a\n"
            "kind:          4026531841\n"
            "generation:    3\n"
            "node_id:       bb\n"
            "rtt_ms:        4\n"
            "hops:          1\n"
            "transmissions: 1\n"
            "\n"
            "key     exists  lifetime_s  storage_time_ms  value\n"
            "alice   true    60          1000             hello world\n"
            "0x00ff  true    60          1001             0x01\n"
            "bob     false   60          1002             -\n");
}

TEST(ReloadNodeText, StatShowsLengthsAndHashesOfArrayEntries) {
  auto answer = ordered_json::parse(R"({"kind":3,"resource_id":"0a","values":[
      {"exists":true,"hash_hex":"beef","index":0,"lifetime_s":5,"storage_time_ms":7,"value_length":2}]})");
  EXPECT_EQ(fetch_text(answer),
            "resource_id: 0a\n"
            "kind:        3\n"
            "\n"
            "index  exists  lifetime_s  storage_time_ms  value_length  hash_hex\n"
            "0      true    5           7                2             beef\n");
  EXPECT_EQ(fetch_text(ordered_json::parse(R"({"kind":3,"values":[]})")), "kind: 3\n\nno values\n");
}

TEST(ReloadNodeText, HostileTextCannotForgeLines) {
  auto answer = ordered_json::parse(R"({"values":[{"exists":true,"key":"a\nb","value":"\u001b[2J"}]})");
  const auto text = fetch_text(answer);
  EXPECT_NE(text.find(R"("a\nb")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("\u001b[2J")"), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(status_text(ordered_json::parse(R"({"state":""})")), "state: \"\"\n");
}

TEST(ReloadNodeText, FindStoredPingStoreLeave) {
  EXPECT_EQ(find_text(ordered_json::parse(R"({"node_id":"bb","results":[{"kind":7,"resource_id":null},
      {"kind":8,"resource_id":"0c"}]})")),
            "node_id: bb\n\nkind  resource_id\n7     -\n8     0c\n");
  EXPECT_EQ(
      stored_text(ordered_json::parse(R"({"node_id":"aa","resources":[{"kinds":[
      {"generation":2,"kind":7,"name":"DISCO-NOTE","values":1}],"resource_id":"0c"}]})")),
      "node_id: aa\n\nresource_id  kind  name        values  generation\n0c           7     DISCO-NOTE  1       2\n");
  EXPECT_EQ(ping_text(ordered_json::parse(R"({"hops":2,"next_peer":"cc","node_id":"bb","rtt_ms":3})")),
            "node_id:   bb\nnext_peer: cc\nrtt_ms:    3\nhops:      2\n");
  EXPECT_EQ(store_text(ordered_json::parse(R"({"generation":1,"kind":7,"replicas":["cc"],"resource_id":"0c"})")),
            "resource_id: 0c\nkind:        7\ngeneration:  1\nreplicas:    cc\n");
  EXPECT_EQ(leave_text(ordered_json::parse(R"({"left":true})")), "left: true\n");
  EXPECT_EQ(answer_text(control::Op::route, ordered_json::parse(R"({"next_peer":"cc"})")), "next_peer: cc\n");
  EXPECT_EQ(answer_text(control::Op::status, ordered_json::parse("[1]")), "[1]\n");
}

TEST(ReloadNodeText, InitSummaryFromTheHomeSummary) {
  overlay::HomeSummary s;
  s.dir = "/tmp/ov";
  s.overlay = "ov.example";
  s.config_path = "/tmp/ov/overlay.xml";
  s.ca_cert_path = "/tmp/ov/ca/ca.crt";
  overlay::HomeNode n1;
  n1.index = 1;
  n1.node_id = *reload::NodeId::from_hex("00112233445566778899aabbccddeeff");
  n1.user = "node-1@ov.example";
  n1.address = "127.0.0.1";
  n1.port = 6084;
  n1.bootstrap = true;
  overlay::HomeNode n2 = n1;
  n2.index = 2;
  n2.address = "::1";
  n2.port = 6085;
  n2.bootstrap = false;
  n2.user = "node-2@ov.example";
  s.nodes = {n1, n2};
  const auto model = home_summary_json(s);
  EXPECT_EQ(model.dump(),
            R"({"dir":"/tmp/ov","overlay":"ov.example","config":"/tmp/ov/overlay.xml","ca":"/tmp/ov/ca/ca.crt",)"
            R"("nodes":[{"index":1,"node_id":"00112233445566778899aabbccddeeff","user":"node-1@ov.example",)"
            R"("listen":"127.0.0.1:6084","bootstrap":true},{"index":2,"node_id":"00112233445566778899aabbccddeeff",)"
            R"("user":"node-2@ov.example","listen":"[::1]:6085","bootstrap":false}]})");
  EXPECT_EQ(init_text(model),
            "dir:     /tmp/ov\n"
            "overlay: ov.example\n"
            "config:  /tmp/ov/overlay.xml\n"
            "ca:      /tmp/ov/ca/ca.crt\n"
            "\n"
            "index  node_id                           user               listen          bootstrap\n"
            "1      00112233445566778899aabbccddeeff  node-1@ov.example  127.0.0.1:6084  bootstrap\n"
            "2      00112233445566778899aabbccddeeff  node-2@ov.example  [::1]:6085      -\n");
}

}  // namespace
}  // namespace disco::cli::reload_node
