#include "libcommon/overlay/home/overlay_home.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "libcommon/overlay/home/file_io.hpp"
#include "libcommon/security/errc.hpp"
#include "libcommon/security/hash.hpp"

namespace disco::overlay {
namespace {

namespace fs = std::filesystem;

class OverlayHome : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("disco-home-test-" + base::to_hex(security::random_bytes(6)));
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  HomeOptions options(unsigned nodes) const {
    HomeOptions o;
    o.overlay = "test.overlay";
    o.dir = dir_ / "home";
    o.nodes = nodes;
    o.base_port = 16084;
    o.key_type = security::KeyType::ec;  // fast; RSA has its own test
    return o;
  }

  static unsigned mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }

  static std::string slurp(const fs::path& p) {
    auto r = read_file(p, 1 << 20);
    EXPECT_TRUE(r) << r.error();
    return r ? *r : std::string();
  }

  fs::path dir_;
};

TEST_F(OverlayHome, InitMakesCaConfigAndNodesWithTheRightModes) {
  auto summary = init_overlay_home(options(3));
  ASSERT_TRUE(summary) << summary.error();
  const auto home = dir_ / "home";
  EXPECT_EQ(summary->dir, home);
  EXPECT_EQ(summary->config_path, home / "overlay.xml");
  ASSERT_EQ(summary->nodes.size(), 3u);

  EXPECT_EQ(mode(home), 0700u);
  EXPECT_EQ(mode(home / "ca"), 0700u);
  EXPECT_EQ(mode(home / "nodes"), 0700u);
  EXPECT_EQ(mode(home / "ca" / "ca.key"), 0600u);
  EXPECT_EQ(mode(home / "ca" / "ca.crt"), 0644u);
  EXPECT_EQ(mode(home / "overlay.xml"), 0644u);
  for (int i = 1; i <= 3; ++i) {
    const auto n = home / "nodes" / std::to_string(i);
    EXPECT_EQ(mode(n), 0700u);
    EXPECT_EQ(mode(n / "key.pem"), 0600u);
    EXPECT_EQ(mode(n / "cert.pem"), 0644u);
    EXPECT_EQ(mode(n / "node.json"), 0644u);
  }
  // Nothing half-written is left behind.
  for (const auto& e : fs::recursive_directory_iterator(home))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();

  auto config = parse_overlay_config(slurp(home / "overlay.xml"));
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->instance_name, "test.overlay");
  EXPECT_EQ(config->sequence, 1);
  EXPECT_TRUE(config->no_ice);
  auto ca = security::Certificate::from_pem(slurp(home / "ca" / "ca.crt"));
  ASSERT_TRUE(ca);
  EXPECT_EQ(config->root_certs, std::vector<base::Bytes>{ca->der()});
  EXPECT_EQ(config->bootstrap_nodes,
            (std::vector<BootstrapNode>{{"127.0.0.1", 16084}, {"127.0.0.1", 16085}}));  // min(N, 2)
  EXPECT_EQ(config->kinds, home_kinds());
  const auto registry = kind_registry(*config);
  const auto* note = registry.find("DISCO-NOTE");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->id, 0xF0000001u);
  EXPECT_EQ(note->model, reload::msg::DataModel::dictionary);
  EXPECT_EQ(note->policy, storage::AccessPolicy::user_match);
  EXPECT_EQ(note->max_count, 1000u);
  EXPECT_EQ(note->max_size, 4096u);

  auto verifier = security::OpensslVerifier::create(verifier_options(*config));
  ASSERT_TRUE(verifier);
  std::set<reload::NodeId> ids;
  for (unsigned i = 1; i <= 3; ++i) {
    const auto n = home / "nodes" / std::to_string(i);
    auto cert = security::Certificate::from_pem(slurp(n / "cert.pem"));
    ASSERT_TRUE(cert);
    auto peer = (*verifier)->check_certificate(cert->der());
    ASSERT_TRUE(peer) << peer.error().message();
    const auto json = nlohmann::json::parse(slurp(n / "node.json"));
    EXPECT_EQ(json["index"], i);
    EXPECT_EQ(json["user"], "node-" + std::to_string(i) + "@test.overlay");
    EXPECT_EQ(json["listen"], "127.0.0.1:" + std::to_string(16084 + i - 1));
    ASSERT_EQ(peer->node_ids.size(), 1u);
    EXPECT_EQ(json["node_id"], peer->node_ids[0].to_hex());
    EXPECT_EQ(peer->user, json["user"]);
    EXPECT_EQ(summary->nodes[i - 1].node_id, peer->node_ids[0]);
    EXPECT_EQ(summary->nodes[i - 1].bootstrap, i <= 2);
    ids.insert(peer->node_ids[0]);
  }
  EXPECT_EQ(ids.size(), 3u);
}

TEST_F(OverlayHome, LoadGivesASignerOthersVerify) {
  ASSERT_TRUE(init_overlay_home(options(3)));
  const auto home = dir_ / "home";
  auto one = load_node_home(home, 1);
  ASSERT_TRUE(one) << one.error();
  // From the node's directory, with a trailing slash.
  auto three = load_node_home(fs::path((home / "nodes" / "3").string() + "/"));
  ASSERT_TRUE(three) << three.error();
  EXPECT_EQ(three->index, 3u);
  EXPECT_EQ(three->listen_address, "127.0.0.1");
  EXPECT_EQ(three->listen_port, 16086);
  EXPECT_EQ(three->signer->identity().user, "node-3@test.overlay");
  EXPECT_EQ(three->key_path, home / "nodes" / "3" / "key.pem");
  EXPECT_EQ(three->cert_path, home / "nodes" / "3" / "cert.pem");
  EXPECT_EQ(three->ca_cert_path, home / "ca" / "ca.crt");
  EXPECT_EQ(three->config_path, home / "overlay.xml");
  EXPECT_EQ(three->config, one->config);

  const auto input = base::to_bytes("signed by node 1");
  const auto sig = one->signer->sign(input);
  const std::vector<reload::msg::GenericCertificate> certs{one->signer->certificate()};
  auto peer = three->verifier->verify(sig, certs, input);
  ASSERT_TRUE(peer) << peer.error().message();
  EXPECT_EQ(peer->user, "node-1@test.overlay");
}

TEST_F(OverlayHome, RefusesToOverwriteUnlessForced) {
  auto first = init_overlay_home(options(1));
  ASSERT_TRUE(first);
  const auto ca_before = slurp(dir_ / "home" / "ca" / "ca.crt");
  auto again = init_overlay_home(options(1));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().find("already holds an overlay home"), std::string::npos) << again.error();
  EXPECT_EQ(slurp(dir_ / "home" / "ca" / "ca.crt"), ca_before);

  auto o = options(2);
  o.force = true;
  auto forced = init_overlay_home(o);
  ASSERT_TRUE(forced) << forced.error();
  EXPECT_NE(slurp(dir_ / "home" / "ca" / "ca.crt"), ca_before);
  EXPECT_TRUE(load_node_home(dir_ / "home", 2));
}

TEST_F(OverlayHome, LoadRefusesAReadableKeyAndDisagreeingFiles) {
  ASSERT_TRUE(init_overlay_home(options(2)));
  const auto n1 = dir_ / "home" / "nodes" / "1";
  ASSERT_EQ(::chmod((n1 / "key.pem").c_str(), 0644), 0);
  auto r = load_node_home(dir_ / "home", 1);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("chmod 600"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("0644"), std::string::npos) << r.error();
  ASSERT_EQ(::chmod((n1 / "key.pem").c_str(), 0600), 0);
  ASSERT_TRUE(load_node_home(dir_ / "home", 1));

  // node.json naming another Node-ID.
  auto json = nlohmann::json::parse(slurp(n1 / "node.json"));
  json["node_id"] = security::random_node_id().to_hex();
  ASSERT_FALSE(write_file_atomic(n1 / "node.json", json.dump(), 0644));
  r = load_node_home(dir_ / "home", 1);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("is not the certificate's"), std::string::npos) << r.error();
  ASSERT_FALSE(write_file_atomic(n1 / "node.json", "{\"index\": 1}", 0644));
  EXPECT_NE(load_node_home(dir_ / "home", 1).error().find("\"node_id\" is missing"), std::string::npos);
  ASSERT_FALSE(write_file_atomic(n1 / "node.json", "not json", 0644));
  EXPECT_NE(load_node_home(dir_ / "home", 1).error().find("not a JSON object"), std::string::npos);

  // Node 2's key with node 1's certificate.
  const auto n2 = dir_ / "home" / "nodes" / "2";
  fs::copy_file(dir_ / "home" / "nodes" / "1" / "cert.pem", n2 / "cert.pem", fs::copy_options::overwrite_existing);
  r = load_node_home(dir_ / "home", 2);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find(security::make_error_code(security::errc::key_mismatch).message()), std::string::npos)
      << r.error();

  EXPECT_FALSE(load_node_home(dir_ / "home", 7));
  EXPECT_FALSE(load_node_home(dir_ / "nowhere", 1));
}

TEST_F(OverlayHome, LoadRefusesACertificateFromAnotherHome) {
  ASSERT_TRUE(init_overlay_home(options(1)));
  auto other = options(1);
  other.dir = dir_ / "other";
  ASSERT_TRUE(init_overlay_home(other));
  // Same overlay name, different CA: the node's own certificate does not chain to the root-cert.
  fs::copy_file(dir_ / "other" / "overlay.xml", dir_ / "home" / "overlay.xml", fs::copy_options::overwrite_existing);
  auto r = load_node_home(dir_ / "home", 1);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find(security::make_error_code(security::errc::untrusted).message()), std::string::npos)
      << r.error();
}

TEST_F(OverlayHome, RsaByDefaultAndOptionsChecked) {
  auto o = options(1);
  o.key_type = security::KeyType::rsa;
  o.bootstrap_count = 1;
  o.address = "::1";
  ASSERT_TRUE(init_overlay_home(o));
  auto node = load_node_home(o.dir, 1);
  ASSERT_TRUE(node) << node.error();
  EXPECT_EQ(node->signer->key().type(), security::KeyType::rsa);
  EXPECT_EQ(node->signer->algorithm().signature, reload::msg::signature_algorithm::rsa);
  EXPECT_EQ(node->listen_address, "::1");
  EXPECT_EQ(node->config.bootstrap_nodes, (std::vector<BootstrapNode>{{"::1", 16084}}));
  EXPECT_EQ(HomeOptions{}.key_type, security::KeyType::rsa);

  const auto fails = [&](HomeOptions bad, std::string_view expected) {
    bad.dir = dir_ / "bad";
    auto r = init_overlay_home(bad);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find(expected), std::string::npos) << r.error();
    EXPECT_FALSE(fs::exists(dir_ / "bad"));
  };
  auto b = options(0);
  fails(b, "node count 0 is not in 1..1000");
  b = options(1001);
  fails(b, "node count 1001");
  b = options(3);
  b.overlay = "not a name";
  fails(b, "is not a DNS name");
  b = options(10);
  b.base_port = 65530;
  fails(b, "ports 65530..65539 do not fit");
  b = options(3);
  b.bootstrap_count = 4;
  fails(b, "bootstrap count 4 is not in 1..3");
  b = options(3);
  b.bootstrap_count = 0;
  fails(b, "bootstrap count 0");
  b = options(3);
  b.address = "localhost";
  fails(b, "address \"localhost\"");
}

}  // namespace
}  // namespace disco::overlay
