#include "libcommon/net/tls_context.hpp"

#include <fcntl.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace disco::net {

namespace {

// The open keylog file of one SSL_CTX, kept in the context's ex_data and closed when OpenSSL frees
// the context, so a moved or copied-by-refcount context never outlives its file.
struct KeyLog {
  int fd = -1;
  ~KeyLog() {
    if (fd >= 0) ::close(fd);
  }
};

void free_keylog(void* /*parent*/, void* ptr, CRYPTO_EX_DATA* /*ad*/, int /*idx*/, long /*argl*/, void* /*argp*/) {
  delete static_cast<KeyLog*>(ptr);  // OpenSSL owns it once set
}

int keylog_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, &free_keylog);
  return index;
}

void write_keylog_line(const SSL* ssl, const char* line) {
  const auto* log = static_cast<const KeyLog*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), keylog_index()));
  if (log == nullptr || log->fd < 0) return;
  // One write(2) per line on an O_APPEND descriptor: nothing stays buffered, and lines from
  // several processes sharing the file do not interleave.
  std::string text(line);
  text.push_back('\n');
  std::string_view rest(text);
  while (!rest.empty()) {
    const auto n = ::write(log->fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // debugging aid only: a full disk must not break the link
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

[[noreturn]] void fail(std::string_view what, const std::string& path, const boost::system::error_code& ec) {
  throw std::runtime_error(std::string(what) + " " + path + ": " + ec.message());
}

}  // namespace

boost::asio::ssl::context make_tls_context(const TlsContextOptions& options, TlsRole role) {
  using boost::asio::ssl::context;
  context ctx(role == TlsRole::client ? context::tls_client : context::tls_server);
  SSL_CTX* native = ctx.native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  // No compression (CRIME), no renegotiation, no resumption: each link authenticates in full.
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
  if (role == TlsRole::server) SSL_CTX_set_num_tickets(native, 0);

  boost::system::error_code ec;
  ctx.use_certificate_chain_file(options.cert_pem_path, ec);
  if (ec) fail("cannot load certificate", options.cert_pem_path, ec);
  ctx.use_private_key_file(options.key_pem_path, context::pem, ec);
  if (ec) fail("cannot load private key", options.key_pem_path, ec);
  if (SSL_CTX_check_private_key(native) != 1) {
    throw std::runtime_error("private key " + options.key_pem_path + " does not match certificate " +
                             options.cert_pem_path);
  }
  ctx.load_verify_file(options.ca_pem_path, ec);
  if (ec) fail("cannot load CA certificates", options.ca_pem_path, ec);
  ctx.set_verify_mode(boost::asio::ssl::verify_peer | boost::asio::ssl::verify_fail_if_no_peer_cert);
  if (role == TlsRole::server) {
    // Tell clients which CA we accept (the CertificateRequest's certificate_authorities).
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(options.ca_pem_path.c_str())) {
      SSL_CTX_set_client_CA_list(native, names);
    }
  }

  if (options.keylog_path) {
    const int fd = ::open(options.keylog_path->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
      throw std::runtime_error("cannot open keylog file " + *options.keylog_path + ": " + std::strerror(errno));
    }
    auto* log = new KeyLog{fd};  // freed by free_keylog
    if (SSL_CTX_set_ex_data(native, keylog_index(), log) != 1) {
      delete log;
      throw std::runtime_error("cannot attach keylog file " + *options.keylog_path);
    }
    SSL_CTX_set_keylog_callback(native, &write_keylog_line);
  }
  return ctx;
}

}  // namespace disco::net
