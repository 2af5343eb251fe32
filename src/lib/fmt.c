/*
 * lib/fmt.c - vx_vsnprintf, the kernel's printf.
 *
 * One pass over the format. Each conversion is parsed into a struct spec (flags, width,
 * precision, length), its argument fetched with the right type, and the digits produced
 * backwards into a small buffer; emit() then writes padding, sign, prefix, zeros and digits
 * through a cursor that counts every byte but stores only those that fit, so the return value
 * is the full length as C's snprintf defines it (C11 §7.21.6.5).
 */
#define VX_SUBSYSTEM "fmt"
#include "lib/fmt.h"

#include <stdbool.h>
#include <stdint.h>

#include "lib/string.h"

struct cursor {
    char *buf;
    size_t size; /* capacity including the NUL */
    size_t len;  /* bytes the full output has so far */
};

static void put(struct cursor *c, char ch)
{
    if (c->len + 1 < c->size)
        c->buf[c->len] = ch;
    c->len++;
}

static void put_n(struct cursor *c, char ch, int n)
{
    while (n-- > 0)
        put(c, ch);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_MAX, LEN_PTRDIFF };

struct spec {
    bool left;      /* '-' */
    bool zero;      /* '0' */
    bool plus;      /* '+' */
    bool space;     /* ' ' */
    bool alt;       /* '#' */
    int width;      /* -1: none */
    int precision;  /* -1: none */
    enum length length;
};

/* Write one formatted field: [pad][sign][prefix][zeros][body][pad]. */
static void emit(struct cursor *c, const struct spec *s, const char *sign, const char *prefix,
                 int zeros, const char *body, int body_len)
{
    int sign_len = (int)vx_strlen(sign), prefix_len = (int)vx_strlen(prefix);
    int total = sign_len + prefix_len + zeros + body_len;
    int pad = s->width > total ? s->width - total : 0;

    if (!s->left && !(s->zero && s->precision < 0 && body_len >= 0))
        put_n(c, ' ', pad), pad = 0;
    for (const char *p = sign; *p; p++)
        put(c, *p);
    for (const char *p = prefix; *p; p++)
        put(c, *p);
    if (!s->left)
        put_n(c, '0', pad), pad = 0;
    put_n(c, '0', zeros);
    for (int i = 0; i < body_len; i++)
        put(c, body[i]);
    put_n(c, ' ', pad);
}

static void format_unsigned(struct cursor *c, const struct spec *s, uintmax_t v, unsigned base,
                            bool upper, const char *sign, bool is_pointer)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[sizeof(uintmax_t) * 3 + 1];
    int n = 0;
    uintmax_t x = v;
    do {
        tmp[sizeof tmp - 1 - (size_t)n++] = digits[x % base];
        x /= base;
    } while (x);
    /* C11: precision 0 with value 0 prints no digits (but "%#.0o" prints "0"). */
    if (v == 0 && s->precision == 0 && !is_pointer)
        n = 0;

    const char *prefix = "";
    if ((s->alt && v != 0) || is_pointer) {
        if (base == 16)
            prefix = upper ? "0X" : "0x";
    }
    int zeros = s->precision > n ? s->precision - n : 0;
    if (s->alt && base == 8 && zeros == 0 && (n == 0 || tmp[sizeof tmp - (size_t)n] != '0'))
        zeros = 1;
    emit(c, s, sign, prefix, zeros, tmp + sizeof tmp - (size_t)n, n);
}

static uintmax_t fetch_unsigned(enum length len, va_list *ap)
{
    switch (len) {
    case LEN_CHAR:    return (unsigned char)va_arg(*ap, unsigned int);
    case LEN_SHORT:   return (unsigned short)va_arg(*ap, unsigned int);
    case LEN_LONG:    return va_arg(*ap, unsigned long);
    case LEN_LLONG:   return va_arg(*ap, unsigned long long);
    case LEN_SIZE:    return va_arg(*ap, size_t);
    case LEN_MAX:     return va_arg(*ap, uintmax_t);
    case LEN_PTRDIFF: return (uintmax_t)va_arg(*ap, ptrdiff_t);
    default:          return va_arg(*ap, unsigned int);
    }
}

static intmax_t fetch_signed(enum length len, va_list *ap)
{
    switch (len) {
    case LEN_CHAR:    return (signed char)va_arg(*ap, int);
    case LEN_SHORT:   return (short)va_arg(*ap, int);
    case LEN_LONG:    return va_arg(*ap, long);
    case LEN_LLONG:   return va_arg(*ap, long long);
    case LEN_SIZE:    return (intmax_t)va_arg(*ap, size_t);
    case LEN_MAX:     return va_arg(*ap, intmax_t);
    case LEN_PTRDIFF: return va_arg(*ap, ptrdiff_t);
    default:          return va_arg(*ap, int);
    }
}

static void format_signed(struct cursor *c, const struct spec *s, intmax_t v)
{
    const char *sign = v < 0 ? "-" : s->plus ? "+" : s->space ? " " : "";
    /* Negate in unsigned arithmetic so INTMAX_MIN does not overflow. */
    uintmax_t mag = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
    format_unsigned(c, s, mag, 10, false, sign, false);
}

static void format_string(struct cursor *c, const struct spec *s, const char *str)
{
    if (!str)
        str = "(null)";
    size_t n = s->precision >= 0 ? vx_strnlen(str, (size_t)s->precision) : vx_strlen(str);
    struct spec plain = *s;
    plain.zero = false;
    emit(c, &plain, "", "", 0, str, (int)n);
}

/* Parse flags, width, precision and length at *pp; leaves *pp at the conversion letter. */
static void parse_spec(const char **pp, struct spec *s, va_list *ap)
{
    const char *p = *pp;
    *s = (struct spec){.width = -1, .precision = -1, .length = LEN_INT};
    for (;; p++) {
        if (*p == '-') s->left = true;
        else if (*p == '0') s->zero = true;
        else if (*p == '+') s->plus = true;
        else if (*p == ' ') s->space = true;
        else if (*p == '#') s->alt = true;
        else break;
    }
    if (*p == '*') {
        s->width = va_arg(*ap, int);
        if (s->width < 0)
            s->left = true, s->width = -s->width;
        p++;
    } else {
        for (; *p >= '0' && *p <= '9'; p++)
            s->width = (s->width < 0 ? 0 : s->width) * 10 + (*p - '0');
    }
    if (*p == '.') {
        p++;
        s->precision = 0;
        if (*p == '*') {
            s->precision = va_arg(*ap, int);
            if (s->precision < 0)
                s->precision = -1;
            p++;
        } else {
            for (; *p >= '0' && *p <= '9'; p++)
                s->precision = s->precision * 10 + (*p - '0');
        }
    }
    switch (*p) {
    case 'h': s->length = p[1] == 'h' ? (p++, LEN_CHAR) : LEN_SHORT; p++; break;
    case 'l': s->length = p[1] == 'l' ? (p++, LEN_LLONG) : LEN_LONG; p++; break;
    case 'z': s->length = LEN_SIZE; p++; break;
    case 'j': s->length = LEN_MAX; p++; break;
    case 't': s->length = LEN_PTRDIFF; p++; break;
    default: break;
    }
    *pp = p;
}

static void format_one(struct cursor *c, const char *start, const char **pp, va_list *ap)
{
    struct spec s;
    parse_spec(pp, &s, ap);
    char conv = **pp;
    char ch;
    switch (conv) {
    case 'd':
    case 'i': format_signed(c, &s, fetch_signed(s.length, ap)); break;
    case 'u': format_unsigned(c, &s, fetch_unsigned(s.length, ap), 10, false, "", false); break;
    case 'x': format_unsigned(c, &s, fetch_unsigned(s.length, ap), 16, false, "", false); break;
    case 'X': format_unsigned(c, &s, fetch_unsigned(s.length, ap), 16, true, "", false); break;
    case 'o': format_unsigned(c, &s, fetch_unsigned(s.length, ap), 8, false, "", false); break;
    case 'p':
        s.alt = false;
        format_unsigned(c, &s, (uintptr_t)va_arg(*ap, void *), 16, false, "", true);
        break;
    case 'c':
        ch = (char)va_arg(*ap, int);
        s.zero = false;
        emit(c, &s, "", "", 0, &ch, 1);
        break;
    case 's': format_string(c, &s, va_arg(*ap, const char *)); break;
    case '%': put(c, '%'); break;
    default:
        /* Unknown (or floating point): print the directive as written. */
        for (const char *p = start; p <= *pp && *p; p++)
            put(c, *p);
        if (!conv)
            (*pp)--; /* the format ended inside the directive: stop at its NUL */
        break;
    }
}

int vx_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct cursor c = {buf, size, 0};
    va_list args;
    va_copy(args, ap);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&c, *p);
            continue;
        }
        const char *start = p++;
        format_one(&c, start, &p, &args);
    }
    va_end(args);
    if (size)
        buf[c.len < size ? c.len : size - 1] = '\0';
    return c.len > INT32_MAX ? INT32_MAX : (int)c.len;
}

int vx_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vx_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
