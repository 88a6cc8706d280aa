#include "libcommon/runtime/reload_node.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "libcommon/control/client.hpp"
#include "libcommon/net/control_server.hpp"
#include "libcommon/net/deadline_timer.hpp"
#include "libcommon/net/tls_link.hpp"
#include "libcommon/overlay/config/overlay_config.hpp"
#include "libcommon/overlay/home/overlay_home.hpp"
#include "libcommon/overlay/node/node.hpp"
#include "libcommon/runtime/node_control.hpp"
#include "libcommon/security/hash.hpp"

namespace disco::runtime {

namespace asio = boost::asio;
using asio::ip::tcp;
namespace msg = reload::msg;
using reload::NodeId;

namespace {

using namespace std::chrono_literals;

std::optional<msg::IpAddressPort> to_reload_address(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  auto a = asio::ip::make_address(host, ec);
  if (ec) return std::nullopt;
  msg::IpAddressPort out;
  if (a.is_v4())
    out.value = msg::Ipv4AddrPort{a.to_v4().to_uint(), port};
  else
    out.value = msg::Ipv6AddrPort{a.to_v6().to_bytes(), port};
  return out;
}

std::optional<tcp::endpoint> to_endpoint(const msg::IpAddressPort& a) {
  if (const auto* v4 = std::get_if<msg::Ipv4AddrPort>(&a.value))
    return tcp::endpoint(asio::ip::address_v4(v4->addr), v4->port);
  if (const auto* v6 = std::get_if<msg::Ipv6AddrPort>(&a.value))
    return tcp::endpoint(asio::ip::address_v6(v6->addr), v6->port);
  return std::nullopt;
}

std::string describe(const tcp::endpoint& e) {
  return e.address().is_v6() ? fmt::format("[{}]:{}", e.address().to_string(), e.port())
                             : fmt::format("{}:{}", e.address().to_string(), e.port());
}

// "host:port" or "[v6]:port".
std::optional<std::pair<std::string, std::uint16_t>> split_host_port(const std::string& s) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon + 1 == s.size()) return std::nullopt;
  std::string host = s.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned long port = 0;
  try {
    std::size_t used = 0;
    port = std::stoul(s.substr(colon + 1), &used);
    if (used != s.size() - colon - 1 || port > 65535) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return std::make_pair(host, static_cast<std::uint16_t>(port));
}

void print_event(const nlohmann::ordered_json& j) {
  std::fputs((j.dump() + "\n").c_str(), stdout);
  std::fflush(stdout);
}

class Process final : public overlay::NodeHost {
 public:
  Process(asio::io_context& io, overlay::NodeHome home, const ReloadNodeOptions& options)
      : io_(io),
        home_(std::move(home)),
        options_(options),
        kinds_(overlay::kind_registry(home_.config)),
        timer_(io,
               [this](base::TimePoint now) {
                 engine_->on_timer(now);
                 after();
               }),
        save_timer_(io),
        signals_(io, SIGINT, SIGTERM),
        rng_(seed()) {}

  int start() {
    const auto& cfg = home_.config;
    std::string host = home_.listen_address;
    std::uint16_t port = home_.listen_port;
    if (options_.listen) {
      auto hp = split_host_port(*options_.listen);
      if (!hp) {
        spdlog::error("--listen {}: expected HOST:PORT", *options_.listen);
        return 2;
      }
      host = hp->first;
      port = hp->second;
    }
    auto listen = to_reload_address(host, port);
    if (!listen) {
      spdlog::error("listen address {} is not an IP address", host);
      return 5;
    }

    overlay::NodeConfig nc;
    nc.overlay_name = cfg.instance_name;
    nc.overlay_hash = security::overlay_hash(cfg.instance_name);
    nc.config_sequence = cfg.sequence;
    nc.codec = overlay::codec_context(cfg);
    nc.initial_ttl = cfg.initial_ttl;
    nc.reliability_timer = std::chrono::milliseconds(cfg.overlay_reliability_timer_ms);
    nc.update_interval = std::chrono::seconds(cfg.chord_update_interval_s);
    nc.liveness_timeout = nc.update_interval * 5 / 2;
    nc.finger_refresh_interval = std::chrono::seconds(cfg.chord_ping_interval_s);
    nc.listen = listen;
    for (const auto& b : cfg.bootstrap_nodes)
      if (auto a = to_reload_address(b.address, b.port)) nc.bootstrap.push_back(*a);
    // The first bootstrap peer of the configuration may start the overlay (s6.4.2.2 asks for a
    // way to decide this); the others always join through someone.
    nc.may_be_first = options_.first || (!nc.bootstrap.empty() && nc.bootstrap.front() == *listen);
    engine_ = std::make_unique<overlay::Node>(nc, *this, *home_.signer, *home_.verifier, kinds_);
    // s6.6: frames are bounded by the overlay's max-message-size (s11.1), not the RFC's 5000-byte
    // default, or a link would close on messages the configuration allows (a home uses 16384).
    link_options_.framing.limits = nc.codec.limits;

    net::TlsContextOptions tls;
    tls.key_pem_path = home_.key_path.string();
    tls.cert_pem_path = home_.cert_path.string();
    tls.ca_pem_path = home_.ca_cert_path.string();
    tls.keylog_path = options_.tls_keylog;
    try {
      server_ctx_.emplace(net::make_tls_context(tls, net::TlsRole::server));
      client_ctx_.emplace(net::make_tls_context(tls, net::TlsRole::client));
    } catch (const std::exception& e) {
      spdlog::error("TLS: {}", e.what());
      return 5;
    }

    if (options_.state_dir) restore_state();

    auto ep = to_endpoint(*listen);
    try {
      listener_ = std::make_unique<net::TlsListener>(
          io_, *server_ctx_, *ep, [this](const base::Bytes& der) { return authorize(der, std::nullopt); },
          [this](const std::shared_ptr<net::TlsLink>& link) {
            auto peer = identity_of(link->peer_certificate());
            if (!peer) {
              link->close();
              return;
            }
            adopt(link, *peer);
          },
          net::TlsListenerOptions{link_options_});
    } catch (const std::exception& e) {
      spdlog::error("cannot listen on {}: {}", describe(*ep), e.what());
      return 3;
    }

    control_path_ = options_.control.value_or(control::default_control_path());
    auto server = net::ControlServer::listen(
        io_, control_path_,
        [this](const control::Request& req, const net::ControlReply& reply) { ops_->handle(req, reply); });
    if (!server) {
      spdlog::error("control socket {}: {}", control_path_, server.error());
      return 3;
    }
    control_ = std::move(*server);
    ops_ = std::make_unique<NodeControl>(
        *engine_, kinds_,
        NodeControl::Hooks{[] { return base::Clock::now(); }, [this] { after(); }, [this] { stop(0); }});

    signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      spdlog::info("signal {}: leaving the overlay", sig);
      leave_then_stop();
    });

    print_event({{"event", "listening"},
                 {"node_id", engine_->node_id().to_hex()},
                 {"user", home_.signer->identity().user},
                 {"overlay", cfg.instance_name},
                 {"listen", describe(listener_->local_endpoint())},
                 {"control", control_path_}});
    engine_->start(base::Clock::now());
    after();
    if (options_.state_dir) schedule_save();
    return -1;  // running
  }

  [[nodiscard]] int exit_code() const { return exit_code_; }

  // --- NodeHost
  void send(overlay::LinkId link, base::Bytes message) override {
    auto it = links_.find(link);
    if (it == links_.end()) return;
    if (!it->second->send(message)) spdlog::debug("link {}: message of {} bytes refused", link, message.size());
  }

  void connect(std::uint64_t attempt, const msg::IpAddressPort& address, std::optional<NodeId> expected) override {
    auto ep = to_endpoint(address);
    if (!ep) {
      asio::post(io_, [this, attempt] {
        engine_->on_connect_failed(attempt, base::Clock::now());
        after();
      });
      return;
    }
    net::TlsLink::connect(
        io_, *client_ctx_, *ep, [this, expected](const base::Bytes& der) { return authorize(der, expected); },
        [this, attempt, endpoint = *ep](std::error_code ec, const std::shared_ptr<net::TlsLink>& link) {
          if (stopping_) return;
          if (ec || !link) {
            spdlog::debug("connect to {} failed: {}", describe(endpoint), ec.message());
            engine_->on_connect_failed(attempt, base::Clock::now());
            after();
            return;
          }
          auto peer = identity_of(link->peer_certificate());
          if (!peer) {
            link->close();
            engine_->on_connect_failed(attempt, base::Clock::now());
            after();
            return;
          }
          adopt(link, *peer, attempt);
        },
        link_options_);
  }

  void close(overlay::LinkId link) override {
    auto it = links_.find(link);
    if (it == links_.end()) return;
    auto l = it->second;
    links_.erase(it);
    // Not inside the engine's call: closing may run handlers.
    asio::post(io_, [l] { l->close(); });
  }

  std::uint64_t unix_ms() override {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
  }
  std::uint64_t random_u64() override { return rng_(); }

  void log(overlay::LogLevel level, std::string_view text) override {
    switch (level) {
      case overlay::LogLevel::debug: spdlog::debug("{}", text); break;
      case overlay::LogLevel::info: spdlog::info("{}", text); break;
      case overlay::LogLevel::warn: spdlog::warn("{}", text); break;
      case overlay::LogLevel::error: spdlog::error("{}", text); break;
    }
  }

 private:
  static std::uint64_t seed() {
    auto b = security::random_bytes(8);
    std::uint64_t s = 0;
    for (auto x : b) s = (s << 8U) | x;
    return s;
  }

  // A peer's certificate must chain to the overlay's CA and carry a Node-ID (s11.3); when we
  // dialled a particular peer, it must be that one (No-ICE: the handshake is the check, s6.5.1.11).
  bool authorize(const base::Bytes& der, const std::optional<NodeId>& expected) {
    auto id = home_.verifier->check_certificate(der);
    if (!id) {
      spdlog::info("refused a TLS peer: {}", id.error().message());
      return false;
    }
    if (expected && !id->has_node_id(*expected)) {
      spdlog::info("refused a TLS peer: certificate is not for Node-ID {}", expected->to_hex());
      return false;
    }
    return !id->node_ids.empty();
  }

  std::optional<NodeId> identity_of(const base::Bytes& der) const {
    auto id = home_.verifier->check_certificate(der);
    if (!id || id->node_ids.empty()) return std::nullopt;
    return id->node_ids.front();
  }

  void adopt(const std::shared_ptr<net::TlsLink>& link, const NodeId& peer,
             std::optional<std::uint64_t> attempt = std::nullopt) {
    if (stopping_) {
      link->close();
      return;
    }
    overlay::LinkId id = next_link_++;
    links_[id] = link;
    link->start(net::TlsLink::Handlers{[this, id](base::BytesView message) {
                                         engine_->on_message(id, message, base::Clock::now());
                                         after();
                                       },
                                       [this, id](std::error_code ec) {
                                         if (links_.erase(id) == 0) return;  // we closed it
                                         spdlog::debug("link {} closed: {}", id, ec.message());
                                         engine_->on_link_down(id, base::Clock::now());
                                         after();
                                       },
                                       {}});
    engine_->on_link_up(id, peer, base::Clock::now(), attempt);
    after();
  }

  void after() {
    if (stopping_ && !engine_) return;
    timer_.arm(engine_->next_deadline());
    if (!joined_ && engine_->state() == overlay::NodeState::ready) {
      joined_ = true;
      print_event({{"event", "joined"},
                   {"node_id", engine_->node_id().to_hex()},
                   {"successors", engine_->routing_table().successors().size()}});
    }
  }

  void leave_then_stop() {
    if (leaving_) {
      stop(0);
      return;
    }
    leaving_ = true;
    // A second signal, or this deadline, ends the process without waiting for the peers.
    hard_stop_.emplace(io_);
    hard_stop_->expires_after(engine_->config().leave_wait * 2 + 1s);
    hard_stop_->async_wait([this](const boost::system::error_code& ec) {
      if (!ec) stop(0);
    });
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) stop(0);
    });
    engine_->leave(base::Clock::now(), [this] { asio::post(io_, [this] { stop(0); }); });
    after();
  }

  void stop(int code) {
    if (stopping_) return;
    stopping_ = true;
    exit_code_ = code;
    if (options_.state_dir) save_state();
    print_event({{"event", "stopped"}, {"node_id", engine_->node_id().to_hex()}});
    timer_.cancel();
    save_timer_.cancel();
    signals_.cancel();
    if (hard_stop_) hard_stop_->cancel();
    if (listener_) listener_->close();
    control_.reset();
    for (auto& [id, l] : links_) l->close();
    links_.clear();
    io_.stop();
  }

  // --- --state-dir
  [[nodiscard]] std::filesystem::path state_file() const {
    return std::filesystem::path(*options_.state_dir) / "store.bin";
  }

  void restore_state() {
    std::error_code ec;
    std::filesystem::create_directories(*options_.state_dir, ec);
    std::filesystem::permissions(*options_.state_dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    std::ifstream in(state_file(), std::ios::binary);
    if (!in) return;
    base::Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = engine_->store_data().restore(bytes, base::Clock::now(), unix_ms());
    if (r)
      spdlog::info("restored {} values from {}", *r, state_file().string());
    else
      spdlog::warn("ignoring {}: {}", state_file().string(), r.error());
  }

  void save_state() {
    auto bytes = engine_->store_data().snapshot(base::Clock::now(), unix_ms());
    auto tmp = state_file();
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      std::filesystem::permissions(tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                   std::filesystem::perm_options::replace);
      out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));  // NOLINT
      if (!out) {
        spdlog::warn("cannot write {}", tmp.string());
        return;
      }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, state_file(), ec);
    if (ec) spdlog::warn("cannot replace {}: {}", state_file().string(), ec.message());
  }

  void schedule_save() {
    save_timer_.expires_after(30s);
    save_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_) return;
      save_state();
      schedule_save();
    });
  }

  asio::io_context& io_;
  overlay::NodeHome home_;
  ReloadNodeOptions options_;
  storage::KindRegistry kinds_;
  std::unique_ptr<overlay::Node> engine_;
  net::DeadlineTimer timer_;
  asio::steady_timer save_timer_;
  asio::signal_set signals_;
  std::optional<asio::steady_timer> hard_stop_;
  std::optional<asio::ssl::context> server_ctx_;
  std::optional<asio::ssl::context> client_ctx_;
  net::TlsLinkOptions link_options_;
  std::unique_ptr<net::TlsListener> listener_;
  std::unique_ptr<net::ControlServer> control_;
  std::unique_ptr<NodeControl> ops_;
  std::string control_path_;
  std::map<overlay::LinkId, std::shared_ptr<net::TlsLink>> links_;
  overlay::LinkId next_link_ = 1;
  std::mt19937_64 rng_;
  bool joined_ = false;
  bool leaving_ = false;
  bool stopping_ = false;
  int exit_code_ = 0;
};

}  // namespace

int run_reload_node(const ReloadNodeOptions& options) {
  auto home = options.node_dir ? overlay::load_node_home(*options.node_dir)
                               : overlay::load_node_home(options.home, options.node);
  if (!home) {
    spdlog::error("{}", home.error());
    return 5;
  }
  asio::io_context io;
  Process p(io, std::move(*home), options);
  int started = p.start();
  if (started >= 0) return started;
  io.run();
  return p.exit_code();
}

}  // namespace disco::runtime
