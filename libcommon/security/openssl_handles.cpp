#include "libcommon/security/openssl_handles.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace disco::security {

void EvpPkeyFree::operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
void X509Free::operator()(X509* p) const noexcept { X509_free(p); }
void EvpPkeyCtxFree::operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }

}  // namespace disco::security
