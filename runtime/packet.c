/*
 * packet.c - packet lengths and HTTP parsing for decode_packet/3 and the
 * inet driver (see packet.h). Follows erts' packet_parser.c of OTP 25;
 * character classes are ASCII (erts runs them in the C locale).
 */
#include "packet.h"

#include "atom.h"
#include "bin.h"

#include <limits.h>
#include <pthread.h>
#include <string.h>

#define HTTP_MAX_NAME_LEN 50

/* The header names and methods erts answers with an atom (a header's
 * http_header index is its place here + 1). */
static const char *const hdr_names[] = {
    "Cache-Control", "Connection", "Date", "Pragma", "Transfer-Encoding", "Upgrade", "Via", "Accept",
    "Accept-Charset", "Accept-Encoding", "Accept-Language", "Authorization", "From", "Host",
    "If-Modified-Since", "If-Match", "If-None-Match", "If-Range", "If-Unmodified-Since", "Max-Forwards",
    "Proxy-Authorization", "Range", "Referer", "User-Agent", "Age", "Location", "Proxy-Authenticate",
    "Public", "Retry-After", "Server", "Vary", "Warning", "Www-Authenticate", "Allow", "Content-Base",
    "Content-Encoding", "Content-Language", "Content-Length", "Content-Location", "Content-Md5",
    "Content-Range", "Content-Type", "Etag", "Expires", "Last-Modified", "Accept-Ranges", "Set-Cookie",
    "Set-Cookie2", "X-Forwarded-For", "Cookie", "Keep-Alive", "Proxy-Connection",
};
#define NHDR (sizeof hdr_names / sizeof hdr_names[0])
static const char *const meth_names[] = {"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE"};
#define NMETH (sizeof meth_names / sizeof meth_names[0])

static term hdr_atoms[NHDR], meth_atoms[NMETH];
static term a_http_request, a_http_response, a_http_header, a_http_eoh, a_http_error, a_abs_path, a_absoluteURI,
    a_http, a_https, a_scheme, a_star, a_ssl_tls;
static pthread_once_t atoms_once = PTHREAD_ONCE_INIT;

static void atoms_init(void)
{
    for (size_t i = 0; i < NHDR; i++) hdr_atoms[i] = atom_from_cstr(hdr_names[i]);
    for (size_t i = 0; i < NMETH; i++) meth_atoms[i] = atom_from_cstr(meth_names[i]);
    a_http_request = atom_from_cstr("http_request");
    a_http_response = atom_from_cstr("http_response");
    a_http_header = atom_from_cstr("http_header");
    a_http_eoh = atom_from_cstr("http_eoh");
    a_http_error = atom_from_cstr("http_error");
    a_abs_path = atom_from_cstr("abs_path");
    a_absoluteURI = atom_from_cstr("absoluteURI");
    a_http = atom_from_cstr("http");
    a_https = atom_from_cstr("https");
    a_scheme = atom_from_cstr("scheme");
    a_star = atom_from_cstr("*");
    a_ssl_tls = atom_from_cstr("ssl_tls");
}

static bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static bool is_sp(uint8_t c) { return c == ' ' || c == '\t'; }

/* RFC 2616's separators and controls: not part of a token. Bytes of 128
 * and more count as special, DEL does not (erts' table). */
static bool is_tspecial(uint8_t c)
{
    if (c <= 32 || c >= 128) return true;
    return strchr("()<>@,;:\\\"/[]?={}", c) != NULL;
}

static uint32_t be(const uint8_t *p, int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++) v = v << 8 | p[i];
    return v;
}

/* ---------------------------------------------------------------------
 * Lengths.
 * ------------------------------------------------------------------- */
static int64_t http_length(const uint8_t *p, size_t n, uint32_t max_plen, uint32_t trunc_len, int *state)
{
    if ((n == 1 && p[0] == '\n') || (n == 2 && p[0] == '\r' && p[1] == '\n')) return (int64_t)n;
    /* erts: line_length limits HTTP lines when packet_size is not given */
    if (!max_plen) max_plen = trunc_len;
    size_t from = 0;
    for (;;) {
        const uint8_t *nl = memchr(p + from, '\n', n - from);
        if (!nl) return max_plen && n >= max_plen ? -1 : 0;
        size_t plen = (size_t)(nl - p) + 1;
        if (*state == 0) return max_plen && plen > max_plen ? -1 : (int64_t)plen;
        if (plen < n) {
            /* a header's value continues on a line starting with white space */
            if (is_sp(p[plen]) && plen > 2) {
                from = plen;
                continue;
            }
            return max_plen && plen > max_plen ? -1 : (int64_t)plen;
        }
        return max_plen && plen > max_plen ? -1 : 0;
    }
}

int64_t pkt_length(pkt_type_t t, const uint8_t *p, size_t n, uint32_t max_plen, uint32_t trunc_len, uint8_t delim,
                   int *state)
{
    uint64_t hlen, plen;
    if (!n) { /* nothing yet (p may be NULL) */
        if (t == PKT_HTTPH || t == PKT_HTTPH_BIN) *state = 1;
        return t < PKT_NTYPES ? 0 : -1;
    }
    switch (t) {
    case PKT_RAW: return (int64_t)n;
    case PKT_1:
    case PKT_2:
    case PKT_4:
    case PKT_RM:
        hlen = t == PKT_1 ? 1 : t == PKT_2 ? 2 : 4;
        if (n < hlen) return 0;
        plen = be(p, (int)hlen);
        if (t == PKT_RM) plen &= 0x7fffffff; /* the top bit marks the last fragment */
        break;
    case PKT_LINE: {
        const uint8_t *d = memchr(p, delim, n);
        if (!d) {
            if (max_plen && n > max_plen) return -1;
            if (trunc_len && n >= trunc_len) return trunc_len;
            return 0;
        }
        size_t len = (size_t)(d - p) + 1;
        if (max_plen && len > max_plen) return -1;
        if (trunc_len && len > trunc_len) return trunc_len;
        return (int64_t)len;
    }
    case PKT_ASN1: {
        if (n < 2) return 0;
        size_t i = 1, left = n - 1;
        if ((p[0] & 0x1f) == 0x1f) { /* a long tag */
            while (left && (p[i] & 0x80)) i++, left--;
            if (left < 2) return 0;
            i++, left--;
        }
        uint32_t len = p[i] & 0x7f;
        if (p[i] & 0x80) { /* a long length */
            i++, left--;
            if (left < len) return 0;
            if (len > 4) return -1;
            plen = be(p + i, (int)len);
            i += len;
        } else {
            i++;
            plen = len;
        }
        hlen = i;
        break;
    }
    case PKT_CDR:
        hlen = 12;
        if (n < hlen) return 0;
        if (memcmp(p, "GIOP", 4)) return -1;
        plen = p[6] & 1 ? (uint32_t)p[8] | (uint32_t)p[9] << 8 | (uint32_t)p[10] << 16 | (uint32_t)p[11] << 24
                        : be(p + 8, 4);
        break;
    case PKT_FCGI:
        hlen = 8;
        if (n < hlen) return 0;
        if (p[0] != 1) return -1;
        plen = be(p + 4, 2) + p[6];
        break;
    case PKT_HTTPH:
    case PKT_HTTPH_BIN: *state = 1; /* fall through */
    case PKT_HTTP:
    case PKT_HTTP_BIN: return http_length(p, n, max_plen, trunc_len, state);
    case PKT_TPKT:
        hlen = 4;
        if (n < hlen) return 0;
        if (p[0] != 3) return -1;
        /* the length counts the header (unsigned in erts: a length under
         * 4 wraps round and is too long) */
        plen = (uint32_t)(be(p + 2, 2) - 4);
        break;
    case PKT_SSL_TLS:
        hlen = 5;
        if (n < hlen) return 0;
        if ((p[0] & 0x80) && p[2] == 1) plen = (uint32_t)((be(p, 2) & 0x7fff) - 3); /* SSLv2 client hello */
        else plen = be(p + 3, 2);
        break;
    default: return -1;
    }
    uint64_t max = max_plen ? max_plen : (uint64_t)INT_MAX - hlen;
    if (plen > max) return -1;
    return (int64_t)(hlen + plen);
}

void pkt_body(pkt_type_t t, const uint8_t **p, size_t *len)
{
    switch (t) {
    case PKT_1: *p += 1, *len -= 1; break;
    case PKT_2: *p += 2, *len -= 2; break;
    case PKT_4: *p += 4, *len -= 4; break;
    case PKT_FCGI: *len -= (*p)[6]; break; /* the padding */
    default: break;
    }
}

bool pkt_parsed(pkt_type_t t)
{
    return t == PKT_HTTP || t == PKT_HTTPH || t == PKT_HTTP_BIN || t == PKT_HTTPH_BIN || t == PKT_SSL_TLS;
}

/* ---------------------------------------------------------------------
 * HTTP.
 * ------------------------------------------------------------------- */
typedef struct {
    const uint8_t *p;
    size_t n;
} span_t;

enum { URI_STAR, URI_STRING, URI_ABS_PATH, URI_SCHEME, URI_HTTP, URI_HTTPS };
typedef struct {
    int type;
    span_t s1, s2;
    int port; /* 0: undefined */
} uri_t;

typedef struct {
    heap_t *h;
    bool bin;
} out_t;

static term str(out_t *o, span_t s)
{
    if (o->bin) return bin_make(o->h, s.p, s.n, NULL);
    term l = NIL;
    for (size_t i = s.n; i > 0; i--) l = heap_make_cons(o->h, term_from_small(s.p[i - 1]), l);
    return l;
}

static int ascii_ncasecmp(const uint8_t *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i], y = b[i];
        if (x != y) return x - y;
    }
    return 0;
}

/* host[:port][/path] after "http://" (OTP 25: no [IPv6] form). */
static void parse_absolute(uri_t *u, const uint8_t *p, size_t n)
{
    const uint8_t *sl = memchr(p, '/', n);
    if (!sl) {
        u->s2 = (span_t){(const uint8_t *)"/", 1};
    } else {
        u->s2 = (span_t){sl, n - (size_t)(sl - p)};
        n = (size_t)(sl - p);
    }
    u->s1.p = p;
    u->port = 0;
    const uint8_t *c = memchr(p, ':', n);
    if (!c) {
        u->s1.n = n;
        return;
    }
    u->s1.n = (size_t)(c - p);
    size_t left = n - u->s1.n - 1;
    int port = 0;
    for (c++; left && is_digit(*c); c++, left--) port = port * 10 + (*c - '0');
    if (!left && port) u->port = port;
}

static void parse_uri(uri_t *u, const uint8_t *p, size_t n)
{
    if (n == 1 && p[0] == '*') {
        u->type = URI_STAR;
    } else if (n <= 1 || p[0] == '/') {
        u->type = URI_ABS_PATH;
        u->s1 = (span_t){p, n};
    } else if (n >= 7 && !ascii_ncasecmp(p, "http://", 7)) {
        u->type = URI_HTTP;
        parse_absolute(u, p + 7, n - 7);
    } else if (n >= 8 && !ascii_ncasecmp(p, "https://", 8)) {
        u->type = URI_HTTPS;
        parse_absolute(u, p + 8, n - 8);
    } else {
        const uint8_t *c = memchr(p, ':', n);
        if (!c) {
            u->type = URI_STRING;
            u->s1 = (span_t){p, n};
        } else {
            u->type = URI_SCHEME;
            u->s1 = (span_t){p, (size_t)(c - p)};
            u->s2 = (span_t){c + 1, n - (size_t)(c - p) - 1};
        }
    }
}

static term uri_term(out_t *o, const uri_t *u)
{
    if (u->type == URI_STAR) return a_star;
    term s1 = str(o, u->s1);
    switch (u->type) {
    case URI_ABS_PATH: return heap_make_tuple(o->h, 2, (term[]){a_abs_path, s1});
    case URI_HTTP:
    case URI_HTTPS: {
        term s2 = str(o, u->s2);
        term port = u->port ? term_from_small(u->port) : ATOM(undefined);
        return heap_make_tuple(o->h, 5, (term[]){a_absoluteURI, u->type == URI_HTTP ? a_http : a_https, s1, port, s2});
    }
    case URI_SCHEME: return heap_make_tuple(o->h, 3, (term[]){a_scheme, s1, str(o, u->s2)});
    default: return s1;
    }
}

static term version(out_t *o, int major, int minor)
{
    return heap_make_tuple(o->h, 2, (term[]){term_from_small(major), term_from_small(minor)});
}

/* "HTTP/" then Major.Minor at *pp; false if malformed. */
static bool parse_version(const uint8_t **pp, size_t *np, int *major, int *minor)
{
    const uint8_t *p = *pp, *p0 = p;
    size_t n = *np;
    *major = *minor = 0;
    /* erts accumulates in an int (wraps on absurd versions; kept small) */
    for (; n && is_digit(*p); p++, n--) *major = (int)(((unsigned)*major * 10 + (unsigned)(*p - '0')) & 0x7ffffff);
    if (p == p0 || !n || *p != '.') return false;
    p++, n--;
    p0 = p;
    for (; n && is_digit(*p); p++, n--) *minor = (int)(((unsigned)*minor * 10 + (unsigned)(*p - '0')) & 0x7ffffff);
    if (p == p0) return false;
    *pp = p, *np = n;
    return true;
}

/* The term of one HTTP line, or THE_NON_VALUE if it is malformed (the
 * caller answers {http_error, Line}). */
static term parse_http(out_t *o, const uint8_t *buf, size_t len, int *state)
{
    const uint8_t *p = buf;
    size_t n = len;
    /* the line end: CR LF, or LF (erts looks at the CR only) */
    if (n >= 2 && buf[n - 2] == '\r') n -= 2;
    else if (n >= 1 && buf[n - 1] == '\n') n -= 1;

    if (*state == 0) {
        int major, minor;
        if (n >= 5 && !memcmp(buf, "HTTP/", 5)) {
            /* Status-Line = HTTP-Version SP Status-Code SP Reason-Phrase */
            p += 5, n -= 5;
            if (!parse_version(&p, &n, &major, &minor)) return THE_NON_VALUE;
            const uint8_t *p0 = p;
            while (n && is_sp(*p)) p++, n--;
            if (p == p0) return THE_NON_VALUE;
            int status = 0;
            for (; n && is_digit(*p); p++, n--) status = (int)(((unsigned)status * 10 + (unsigned)(*p - '0')) & 0x7ffffff);
            p0 = p;
            while (n && is_sp(*p)) p++, n--;
            if (p == p0 && n > 0) return THE_NON_VALUE;
            *state = 1;
            term phrase = str(o, (span_t){p, n});
            return heap_make_tuple(o->h, 4,
                                   (term[]){a_http_response, version(o, major, minor), term_from_small(status), phrase});
        }
        /* Request-Line = Method SP Request-URI SP HTTP-Version */
        while (n && !is_tspecial(*p)) p++, n--;
        size_t mlen = (size_t)(p - buf);
        if (!n || !mlen || !is_sp(*p)) return THE_NON_VALUE;
        term meth = THE_NON_VALUE;
        for (size_t i = 0; i < NMETH; i++)
            if (strlen(meth_names[i]) == mlen && !memcmp(meth_names[i], buf, mlen)) meth = meth_atoms[i];
        while (n && is_sp(*p)) p++, n--;
        const uint8_t *up = p;
        while (n && !is_sp(*p)) p++, n--;
        size_t ulen = (size_t)(p - up);
        if (!ulen) return THE_NON_VALUE;
        while (n && is_sp(*p)) p++, n--;
        if (!n) {
            major = 0, minor = 9; /* HTTP/0.9: no version */
        } else {
            if (n < 8 || memcmp(p, "HTTP/", 5)) return THE_NON_VALUE;
            p += 5, n -= 5;
            if (!parse_version(&p, &n, &major, &minor)) return THE_NON_VALUE;
        }
        *state = 1;
        uri_t u;
        parse_uri(&u, up, ulen);
        if (meth == THE_NON_VALUE) meth = str(o, (span_t){buf, mlen});
        term ut = uri_term(o, &u);
        return heap_make_tuple(o->h, 4, (term[]){a_http_request, meth, ut, version(o, major, minor)});
    }

    if (!n) {
        *state = 0; /* the end of the headers: a new message next */
        return a_http_eoh;
    }
    /* a header: the name with each word capitalised (Content-Type) */
    uint8_t name[HTTP_MAX_NAME_LEN];
    size_t nlen = 0;
    bool up = true;
    while (!is_tspecial(*p)) {
        if (nlen < HTTP_MAX_NAME_LEN) {
            uint8_t c = *p;
            if (up) {
                if (c >= 'a' && c <= 'z') c -= 32;
                up = false;
            } else if (c >= 'A' && c <= 'Z') {
                c += 32;
            } else if (c == '-') {
                up = true;
            }
            name[nlen] = c;
        }
        nlen++;
        p++;
        if (--n == 0) return THE_NON_VALUE;
    }
    if (*p != ':') return THE_NON_VALUE;
    int idx = -1;
    if (nlen <= HTTP_MAX_NAME_LEN) {
        for (size_t i = 0; i < NHDR && idx < 0; i++)
            if (strlen(hdr_names[i]) == nlen && !memcmp(hdr_names[i], name, nlen)) idx = (int)i;
    }
    p++, n--;
    while (n && is_sp(*p)) p++, n--;
    term field;
    if (idx >= 0) field = hdr_atoms[idx];
    else field = str(o, nlen <= HTTP_MAX_NAME_LEN ? (span_t){name, nlen} : (span_t){buf, nlen});
    term orig = str(o, (span_t){buf, nlen});
    term value = str(o, (span_t){p, n});
    return heap_make_tuple(o->h, 5, (term[]){a_http_header, term_from_small(idx + 1), field, orig, value});
}

term pkt_parse_term(heap_t *h, pkt_type_t t, const uint8_t *p, size_t len, int *state)
{
    pthread_once(&atoms_once, atoms_init);
    out_t o = {h, t == PKT_HTTP_BIN || t == PKT_HTTPH_BIN};
    if (t == PKT_SSL_TLS) {
        term data;
        uint8_t type, major = p[3], minor = p[4];
        if ((p[0] & 0x80) && p[2] == 1) {
            /* an SSLv2 client hello: <<1:8, Length:24, Data/binary>> */
            uint8_t *d;
            data = bin_make(h, NULL, len - 3 + 4, &d);
            d[0] = 1;
            d[1] = (uint8_t)((len - 3) >> 16), d[2] = (uint8_t)((len - 3) >> 8), d[3] = (uint8_t)(len - 3);
            memcpy(d + 4, p + 3, len - 3);
            type = 22;
        } else {
            data = bin_make(h, p + 5, len - 5, NULL);
            type = p[0];
            major = p[1], minor = p[2];
        }
        term ver = heap_make_tuple(h, 2, (term[]){term_from_small(major), term_from_small(minor)});
        return heap_make_tuple(h, 5, (term[]){a_ssl_tls, NIL, term_from_small(type), ver, data});
    }
    term r = parse_http(&o, p, len, state);
    if (r == THE_NON_VALUE) r = heap_make_tuple(h, 2, (term[]){a_http_error, str(&o, (span_t){p, len})});
    return r;
}
