// load_node_home: one node's identity, configuration and trust anchors from an overlay home.

#include <fmt/format.h>
#include <sys/stat.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "libcommon/overlay/home/file_io.hpp"
#include "libcommon/overlay/home/overlay_home.hpp"

namespace disco::overlay {

namespace {
namespace fs = std::filesystem;
constexpr std::size_t max_file_size = std::size_t{1024} * 1024;

struct NodeInfo {
  unsigned index = 0;
  reload::NodeId node_id;
  std::string address;
  std::uint16_t port = 0;
};

// "127.0.0.1:6084" or "[::1]:6084".
bool split_listen(std::string_view s, std::string& address, std::uint16_t& port) {
  const auto colon = s.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  auto host = s.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    host = host.substr(1, host.size() - 2);
  }
  const auto p = s.substr(colon + 1);
  unsigned v = 0;
  const auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
  if (p.empty() || ec != std::errc{} || ptr != p.data() + p.size() || v == 0 || v > 65535) return false;
  address = std::string(host);
  port = static_cast<std::uint16_t>(v);
  return true;
}

base::result<NodeInfo, std::string> read_node_info(const fs::path& path) {
  auto text = read_file(path, max_file_size);
  if (!text) return base::failure{text.error()};
  const auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  const auto bad = [&](std::string_view why) { return base::failure{fmt::format("{}: {}", path.string(), why)}; };
  if (!json.is_object()) return bad("not a JSON object");
  NodeInfo info;
  const auto index = json.find("index");
  if (index == json.end() || !index->is_number_unsigned() || index->get<std::uint64_t>() < 1 ||
      index->get<std::uint64_t>() > 1000000)
    return bad("\"index\" is not a positive integer");
  info.index = index->get<unsigned>();
  const auto node_id = json.find("node_id");
  if (node_id == json.end() || !node_id->is_string()) return bad("\"node_id\" is missing");
  auto id = reload::NodeId::from_hex(node_id->get<std::string>());
  if (!id) return bad("\"node_id\" is not 16..20 bytes of hex");
  info.node_id = *id;
  const auto listen = json.find("listen");
  if (listen == json.end() || !listen->is_string() ||
      !split_listen(listen->get<std::string>(), info.address, info.port))
    return bad("\"listen\" is not address:port");
  return info;
}
}  // namespace

base::result<NodeHome, std::string> load_node_home(const fs::path& overlay_dir, unsigned index) {
  return load_node_home(overlay_dir / "nodes" / std::to_string(index));
}

base::result<NodeHome, std::string> load_node_home(const fs::path& node_dir_in) {
  NodeHome home;
  // "DIR/nodes/3/" and "DIR/nodes/3" alike.
  home.node_dir = node_dir_in.lexically_normal();
  if (!home.node_dir.has_filename()) home.node_dir = home.node_dir.parent_path();
  const fs::path overlay_dir = home.node_dir.parent_path().parent_path();
  home.key_path = home.node_dir / "key.pem";
  home.cert_path = home.node_dir / "cert.pem";
  home.config_path = overlay_dir / "overlay.xml";
  home.ca_cert_path = overlay_dir / "ca" / "ca.crt";

  auto info = read_node_info(home.node_dir / "node.json");
  if (!info) return base::failure{info.error()};
  home.index = info->index;
  home.listen_address = info->address;
  home.listen_port = info->port;

  auto config_text = read_file(home.config_path, max_config_document_size);
  if (!config_text) return base::failure{config_text.error()};
  auto config = parse_overlay_config(*config_text);
  if (!config) return base::failure{fmt::format("{}: {}", home.config_path.string(), config.error())};
  home.config = std::move(*config);

  struct stat st {};
  if (::stat(home.key_path.c_str(), &st) != 0)
    return base::failure{fmt::format("cannot read {}: no such file", home.key_path.string())};
  if ((st.st_mode & 077) != 0)
    return base::failure{fmt::format("{} is accessible by group or others (mode {:04o}); run: chmod 600 {}",
                                     home.key_path.string(), st.st_mode & 07777, home.key_path.string())};
  auto key_pem = read_file(home.key_path, max_file_size);
  if (!key_pem) return base::failure{key_pem.error()};
  auto key = security::PrivateKey::from_pem(*key_pem);
  if (!key) return base::failure{fmt::format("{}: {}", home.key_path.string(), key.error().message())};
  auto cert_pem = read_file(home.cert_path, max_file_size);
  if (!cert_pem) return base::failure{cert_pem.error()};
  auto cert = security::Certificate::from_pem(*cert_pem);
  if (!cert) return base::failure{fmt::format("{}: {}", home.cert_path.string(), cert.error().message())};
  if (!fs::exists(home.ca_cert_path)) return base::failure{fmt::format("{} is missing", home.ca_cert_path.string())};

  auto signer = security::OpensslSigner::create(std::move(*key), std::move(*cert), home.config.instance_name,
                                                home.config.node_id_length);
  if (!signer) return base::failure{fmt::format("{}: {}", home.cert_path.string(), signer.error().message())};
  home.signer = std::move(*signer);
  if (!home.signer->identity().has_node_id(info->node_id))
    return base::failure{fmt::format("{}: node_id {} is not the certificate's", (home.node_dir / "node.json").string(),
                                     info->node_id.to_hex())};

  auto verifier = security::OpensslVerifier::create(verifier_options(home.config));
  if (!verifier)
    return base::failure{fmt::format("{}: root-cert: {}", home.config_path.string(), verifier.error().message())};
  home.verifier = std::move(*verifier);
  // Our own certificate must pass the checks every peer will make.
  if (auto own = home.verifier->check_certificate(home.signer->x509().der()); !own)
    return base::failure{fmt::format("{}: {}", home.cert_path.string(), own.error().message())};
  return home;
}

}  // namespace disco::overlay
