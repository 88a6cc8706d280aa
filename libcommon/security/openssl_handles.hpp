#pragma once
// Owning handles for the OpenSSL objects this layer hands out. Public because the TLS layer takes
// the same EVP_PKEY and X509 objects (SSL_CTX_use_PrivateKey, SSL_CTX_use_certificate).

#include <openssl/types.h>

#include <memory>

namespace disco::security {

struct EvpPkeyFree {
  void operator()(EVP_PKEY* p) const noexcept;
};
struct X509Free {
  void operator()(X509* p) const noexcept;
};
struct EvpPkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const noexcept;
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, EvpPkeyCtxFree>;

}  // namespace disco::security
