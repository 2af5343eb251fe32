/* regex.c - POSIX basic and extended regular expressions for grep (see regex.h).
 *
 * Three stages. The parser turns the pattern into a tree of nodes (characters, sets,
 * assertions, concatenation, alternation, repetition, groups, back-references). The compiler
 * turns the tree into a program for a small machine: consuming instructions (CHAR, ANY, SET),
 * zero-width ones (ASSERT, SAVE) and control (SPLIT, JMP, MATCH); a bounded repetition is
 * compiled as copies of its operand. The matcher runs the program from each start position,
 * leftmost first, and keeps the longest end a MATCH is reached at: breadth-first over the set
 * of program counters (a Thompson NFA) when there are no back-references, else by
 * backtracking, which has to remember captures. */
#include "regex.h"

#include "util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* POSIX RE_DUP_MAX: the largest count in a{m,n}. */
#define RX_DUP_MAX 32767
/* Program size limit, against a{1000}{1000}-style blowups. */
#define RX_MAX_INSTS 500000
/* Backtracking steps per start position before giving up on a pathological pattern. */
#define RX_BACKTRACK_STEPS 5000000
/* Back-references name groups 1 to 9. */
#define RX_MAX_BACKREF 9
#define NO_POS         ((size_t)-1)

enum node_kind {
    N_EMPTY,
    N_CHAR,
    N_ANY,
    N_SET,
    N_ASSERT,
    N_CAT,
    N_ALT,
    N_REPEAT,
    N_GROUP,
    N_BACKREF
};
enum assertion { A_BOL, A_EOL, A_WORD_BOUNDARY, A_NOT_WORD_BOUNDARY, A_WORD_START, A_WORD_END };
enum opcode { OP_CHAR, OP_ANY, OP_SET, OP_ASSERT, OP_SPLIT, OP_JMP, OP_SAVE, OP_BACKREF, OP_MATCH };

/* Invariant: a node's children have smaller indices than the node. */
struct node {
    enum node_kind kind;
    int a, b;        /* CHAR byte; SET index; ASSERT kind; REPEAT min, max (-1 = no limit);
                        GROUP and BACKREF number */
    int left, right; /* children of CAT and ALT; REPEAT and GROUP use left */
};

struct inst {
    enum opcode op;
    int x, y; /* CHAR byte; SET index; ASSERT kind; SAVE slot; BACKREF group; JMP target;
                 SPLIT preferred and other target */
    int loop; /* SPLIT at the head of an unbounded loop: its guard slot, else -1 */
};

struct byteset {
    uint8_t bits[32];
};

struct rx {
    struct inst *prog;
    int ninst;
    struct byteset *sets;
    int ngroups, nloops;
    bool icase, has_backref, nullable;
    struct byteset first; /* bytes a non-empty match can start with */
};

/* ---- byte sets ----------------------------------------------------------------------------- */

static void set_add(struct byteset *s, int c)
{
    s->bits[(unsigned char)c >> 3] |= (uint8_t)(1u << (c & 7));
}

static bool set_has(const struct byteset *s, int c)
{
    return s->bits[(unsigned char)c >> 3] & (1u << (c & 7));
}

static void set_union(struct byteset *into, const struct byteset *from)
{
    for (int i = 0; i < 32; i++)
        into->bits[i] |= from->bits[i];
}

static bool is_word_byte(int c)
{
    return isalnum(c) || c == '_';
}

/* ---- parser -------------------------------------------------------------------------------- */

struct parser {
    const char *p;
    bool ere, icase;
    struct node *nodes;
    int nnodes, node_cap;
    struct byteset *sets;
    int nsets, set_cap;
    int ngroups, depth;
    bool closed[RX_MAX_BACKREF + 1]; /* groups whose ')' has been seen */
    bool has_backref;
    const char *error;
};

static int new_node(struct parser *ps, enum node_kind kind, int a, int left, int right)
{
    if (ps->nnodes == ps->node_cap) {
        ps->node_cap = ps->node_cap ? ps->node_cap * 2 : 64;
        ps->nodes = box_realloc(ps->nodes, (size_t)ps->node_cap * sizeof *ps->nodes);
    }
    ps->nodes[ps->nnodes] = (struct node){kind, a, 0, left, right};
    return ps->nnodes++;
}

static int new_set(struct parser *ps)
{
    if (ps->nsets == ps->set_cap) {
        ps->set_cap = ps->set_cap ? ps->set_cap * 2 : 8;
        ps->sets = box_realloc(ps->sets, (size_t)ps->set_cap * sizeof *ps->sets);
    }
    memset(&ps->sets[ps->nsets], 0, sizeof ps->sets[0]);
    return ps->nsets++;
}

static int fail(struct parser *ps, const char *message)
{
    if (!ps->error)
        ps->error = message;
    return -1;
}

static const struct {
    const char *name;
    int (*test)(int);
} CLASSES[] = {{"alpha", isalpha}, {"digit", isdigit}, {"alnum", isalnum}, {"upper", isupper},
               {"lower", islower}, {"space", isspace}, {"blank", isblank}, {"punct", ispunct},
               {"print", isprint}, {"graph", isgraph}, {"cntrl", iscntrl}, {"xdigit", isxdigit}};

/* Adds the bytes of [:name:] (len bytes at name) to s; false if there is no such class. */
static bool add_class(struct byteset *s, const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof CLASSES / sizeof CLASSES[0]; i++) {
        if (strlen(CLASSES[i].name) == len && strncmp(CLASSES[i].name, name, len) == 0) {
            for (int c = 0; c < 256; c++)
                if (CLASSES[i].test(c))
                    set_add(s, c);
            return true;
        }
    }
    return false;
}

static const char UNMATCHED_BRACKET[] = "Unmatched [, [^, [:, [., or [=";

/* One element of a bracket expression at ps->p that names a single byte: a plain byte, or
 * [.c.] / [=c=]. Returns the byte, or -1 on error. */
static int bracket_byte(struct parser *ps)
{
    const char *p = ps->p;
    if (p[0] == '[' && (p[1] == '.' || p[1] == '=')) {
        const char *close = strchr(p + 2, p[1]);
        if (!close || close[1] != ']')
            return fail(ps, UNMATCHED_BRACKET);
        if (close != p + 3)
            return fail(ps, "Invalid collation character");
        ps->p = close + 2;
        return (unsigned char)p[2];
    }
    ps->p++;
    return (unsigned char)p[0];
}

/* Parses the bracket expression after '['. */
static int parse_bracket(struct parser *ps)
{
    if (ps->p[0] == ':') {
        const char *close = strchr(ps->p + 1, ']');
        if (close && close[-1] == ':' && close > ps->p + 1)
            return fail(ps, "character class syntax is [[:space:]], not [:space:]");
    }
    int index = new_set(ps);
    struct byteset set = {{0}};
    bool negate = *ps->p == '^';
    if (negate)
        ps->p++;
    for (bool first = true;; first = false) {
        if (!*ps->p)
            return fail(ps, UNMATCHED_BRACKET);
        if (*ps->p == ']' && !first) {
            ps->p++;
            break;
        }
        if (ps->p[0] == '[' && ps->p[1] == ':') {
            const char *name = ps->p + 2, *close = strstr(name, ":]");
            if (!close)
                return fail(ps, UNMATCHED_BRACKET);
            if (!add_class(&set, name, (size_t)(close - name)))
                return fail(ps, "Invalid character class name");
            ps->p = close + 2;
            continue;
        }
        int lo = bracket_byte(ps);
        if (lo < 0)
            return -1;
        int hi = lo;
        if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
            ps->p++;
            hi = bracket_byte(ps);
            if (hi < 0)
                return -1;
            if (hi < lo)
                return fail(ps, "Invalid range end");
        }
        for (int c = lo; c <= hi; c++)
            set_add(&set, c);
    }
    if (ps->icase)
        for (int c = 0; c < 256; c++)
            if (set_has(&set, c)) {
                set_add(&set, tolower(c));
                set_add(&set, toupper(c));
            }
    if (negate) {
        for (int i = 0; i < 32; i++)
            set.bits[i] = (uint8_t)~set.bits[i];
        set.bits['\n' >> 3] &= (uint8_t) ~(1u << ('\n' & 7));
    }
    ps->sets[index] = set;
    return new_node(ps, N_SET, index, -1, -1);
}

/* \w \W \s \S as sets. */
static int class_escape(struct parser *ps, char c)
{
    int index = new_set(ps);
    struct byteset set = {{0}};
    for (int b = 0; b < 256; b++) {
        bool in = tolower(c) == 'w' ? is_word_byte(b) : isspace(b);
        if (in != (bool)isupper(c))
            set_add(&set, b);
    }
    ps->sets[index] = set;
    return new_node(ps, N_SET, index, -1, -1);
}

/* The escape after a backslash (ps->p is past the backslash). */
static int parse_escape(struct parser *ps)
{
    char c = *ps->p;
    if (!c)
        return fail(ps, "Trailing backslash");
    ps->p++;
    if (c >= '1' && c <= '9') {
        int n = c - '0';
        if (n > ps->ngroups || !ps->closed[n])
            return fail(ps, "Invalid back reference");
        ps->has_backref = true;
        return new_node(ps, N_BACKREF, n, -1, -1);
    }
    static const char asserts[] = "bB<>`'";
    static const int kinds[] = {
        A_WORD_BOUNDARY, A_NOT_WORD_BOUNDARY, A_WORD_START, A_WORD_END, A_BOL, A_EOL};
    const char *a = strchr(asserts, c);
    if (a)
        return new_node(ps, N_ASSERT, kinds[a - asserts], -1, -1);
    if (strchr("wWsS", c))
        return class_escape(ps, c);
    return new_node(ps, N_CHAR, (unsigned char)c, -1, -1);
}

static int parse_alternation(struct parser *ps);

static int parse_group(struct parser *ps)
{
    int number = ++ps->ngroups;
    ps->depth++;
    int body = parse_alternation(ps);
    if (body < 0)
        return -1;
    if (ps->ere ? *ps->p != ')' : strncmp(ps->p, "\\)", 2) != 0)
        return fail(ps, "Unmatched ( or \\(");
    ps->p += ps->ere ? 1 : 2;
    ps->depth--;
    if (number <= RX_MAX_BACKREF)
        ps->closed[number] = true;
    return new_node(ps, N_GROUP, number, body, -1);
}

/* True at a '$' that is an anchor: always in an ERE; in a BRE only at the end of the pattern
 * or of a group or alternative. */
static bool bre_dollar_anchor(const char *p)
{
    return p[1] == '\0' || strncmp(p + 1, "\\)", 2) == 0 || strncmp(p + 1, "\\|", 2) == 0;
}

static int parse_atom(struct parser *ps, bool at_start)
{
    char c = *ps->p++;
    if (c == '\\' && !ps->ere && *ps->p == '(') {
        ps->p++;
        return parse_group(ps);
    }
    if (c == '\\')
        return parse_escape(ps);
    if (c == '[')
        return parse_bracket(ps);
    if (c == '.')
        return new_node(ps, N_ANY, 0, -1, -1);
    if (ps->ere) {
        if (c == '(')
            return parse_group(ps);
        if (c == '^')
            return new_node(ps, N_ASSERT, A_BOL, -1, -1);
        if (c == '$')
            return new_node(ps, N_ASSERT, A_EOL, -1, -1);
    } else {
        if (c == '^' && at_start)
            return new_node(ps, N_ASSERT, A_BOL, -1, -1);
        if (c == '$' && bre_dollar_anchor(ps->p - 1))
            return new_node(ps, N_ASSERT, A_EOL, -1, -1);
    }
    return new_node(ps, N_CHAR, (unsigned char)c, -1, -1);
}

/* Reads "m", "m,", "m,n" or ",n" and the closing brace at ps->p. Returns 1 on success, 0 when
 * the text is not an interval (an ERE then takes the '{' literally), -1 on a bad count. */
static int parse_interval(struct parser *ps, int *min, int *max)
{
    const char *p = ps->p;
    char *end;
    long lo = 0, hi;
    if (isdigit((unsigned char)*p)) {
        lo = strtol(p, &end, 10);
        p = end;
    } else if (*p != ',') {
        return 0;
    }
    hi = lo;
    if (*p == ',') {
        p++;
        hi = -1;
        if (isdigit((unsigned char)*p)) {
            hi = strtol(p, &end, 10);
            p = end;
        }
    }
    const char *close = ps->ere ? "}" : "\\}";
    if (strncmp(p, close, strlen(close)) != 0)
        return ps->ere ? 0 : fail(ps, *p ? "Invalid content of \\{\\}" : "Unmatched \\{");
    if (lo > RX_DUP_MAX || hi > RX_DUP_MAX)
        return fail(ps, "Regular expression too big");
    if (hi >= 0 && hi < lo)
        return fail(ps, "Invalid content of \\{\\}");
    ps->p = p + strlen(close);
    *min = (int)lo;
    *max = (int)hi;
    return 1;
}

/* Applies the repetition operator at ps->p to atom, if there is one; returns the new node,
 * atom itself when there is none, or -1. */
static int parse_repetition(struct parser *ps, int atom, bool *repeated)
{
    const char *p = ps->p;
    int min, max;
    *repeated = true;
    if (*p == '*') {
        ps->p++;
        min = 0, max = -1;
    } else if (ps->ere && (*p == '+' || *p == '?')) {
        ps->p++;
        min = *p == '+', max = *p == '+' ? -1 : 1;
    } else if (!ps->ere && p[0] == '\\' && (p[1] == '+' || p[1] == '?')) {
        ps->p += 2;
        min = p[1] == '+', max = p[1] == '+' ? -1 : 1;
    } else if (ps->ere ? *p == '{' : strncmp(p, "\\{", 2) == 0) {
        ps->p += ps->ere ? 1 : 2;
        int r = parse_interval(ps, &min, &max);
        if (r <= 0) {
            ps->p = p;
            *repeated = false;
            return r < 0 ? -1 : atom;
        }
    } else {
        *repeated = false;
        return atom;
    }
    int node = new_node(ps, N_REPEAT, min, atom, -1);
    ps->nodes[node].b = max;
    return node;
}

static bool at_alternative_end(const struct parser *ps)
{
    const char *p = ps->p;
    if (!*p)
        return true;
    if (ps->ere)
        return *p == '|' || (*p == ')' && ps->depth > 0);
    return strncmp(p, "\\|", 2) == 0 || (strncmp(p, "\\)", 2) == 0 && ps->depth > 0);
}

/* A repetition operator where there is nothing to repeat is an ordinary character. */
static bool literal_operator(const struct parser *ps)
{
    const char *p = ps->p;
    if (*p == '*')
        return true;
    return ps->ere && (*p == '+' || *p == '?' || *p == '{');
}

static int parse_concatenation(struct parser *ps)
{
    int result = new_node(ps, N_EMPTY, 0, -1, -1);
    bool at_start = true;
    while (!at_alternative_end(ps)) {
        int atom;
        if (!ps->ere && strncmp(ps->p, "\\)", 2) == 0)
            return fail(ps, "Unmatched ) or \\)");
        if (at_start && literal_operator(ps))
            atom = new_node(ps, N_CHAR, (unsigned char)*ps->p++, -1, -1);
        else
            atom = parse_atom(ps, at_start);
        bool repeated = true;
        while (atom >= 0 && repeated)
            atom = parse_repetition(ps, atom, &repeated);
        if (atom < 0)
            return -1;
        at_start = ps->nodes[atom].kind == N_ASSERT && ps->nodes[atom].a == A_BOL;
        result = new_node(ps, N_CAT, 0, result, atom);
    }
    return result;
}

static int parse_alternation(struct parser *ps)
{
    int left = parse_concatenation(ps);
    while (left >= 0 && (ps->ere ? *ps->p == '|' : strncmp(ps->p, "\\|", 2) == 0)) {
        ps->p += ps->ere ? 1 : 2;
        int right = parse_concatenation(ps);
        if (right < 0)
            return -1;
        left = new_node(ps, N_ALT, 0, left, right);
    }
    return left;
}

/* ---- compiler ------------------------------------------------------------------------------ */

struct compiler {
    const struct parser *ps;
    struct rx *re;
    int cap;
    bool too_big;
};

static int emit(struct compiler *c, enum opcode op, int x, int y)
{
    if (c->re->ninst >= RX_MAX_INSTS) {
        c->too_big = true;
        return c->re->ninst - 1;
    }
    if (c->re->ninst == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->re->prog = box_realloc(c->re->prog, (size_t)c->cap * sizeof *c->re->prog);
    }
    c->re->prog[c->re->ninst] = (struct inst){op, x, y, -1};
    return c->re->ninst++;
}

static void compile_node(struct compiler *c, int n);

static void compile_repeat(struct compiler *c, const struct node *node)
{
    for (int i = 0; i < node->a && !c->too_big; i++)
        compile_node(c, node->left);
    if (node->b < 0) {
        int head = emit(c, OP_SPLIT, 0, 0);
        c->re->prog[head].loop = c->re->nloops++;
        c->re->prog[head].x = head + 1;
        compile_node(c, node->left);
        emit(c, OP_JMP, head, 0);
        c->re->prog[head].y = c->re->ninst;
        return;
    }
    /* Optional copies: each SPLIT either enters the next copy or leaves all of them. */
    int optional = node->b - node->a;
    int *splits = box_malloc((size_t)(optional + 1) * sizeof *splits);
    for (int i = 0; i < optional && !c->too_big; i++) {
        splits[i] = emit(c, OP_SPLIT, 0, 0);
        c->re->prog[splits[i]].x = splits[i] + 1;
        compile_node(c, node->left);
    }
    for (int i = 0; i < optional && !c->too_big; i++)
        c->re->prog[splits[i]].y = c->re->ninst;
    free(splits);
}

static void compile_node(struct compiler *c, int n)
{
    const struct node *node = &c->ps->nodes[n];
    if (c->too_big)
        return;
    switch (node->kind) {
    case N_EMPTY:
        break;
    case N_CHAR:
        emit(c, OP_CHAR, c->re->icase ? tolower(node->a) : node->a, 0);
        break;
    case N_ANY:
        emit(c, OP_ANY, 0, 0);
        break;
    case N_SET:
        emit(c, OP_SET, node->a, 0);
        break;
    case N_ASSERT:
        emit(c, OP_ASSERT, node->a, 0);
        break;
    case N_CAT:
        compile_node(c, node->left);
        compile_node(c, node->right);
        break;
    case N_ALT: {
        int split = emit(c, OP_SPLIT, 0, 0);
        c->re->prog[split].x = split + 1;
        compile_node(c, node->left);
        int jump = emit(c, OP_JMP, 0, 0);
        c->re->prog[split].y = c->re->ninst;
        compile_node(c, node->right);
        c->re->prog[jump].x = c->re->ninst;
        break;
    }
    case N_REPEAT:
        compile_repeat(c, node);
        break;
    case N_GROUP:
        emit(c, OP_SAVE, 2 * node->a, 0);
        compile_node(c, node->left);
        emit(c, OP_SAVE, 2 * node->a + 1, 0);
        break;
    case N_BACKREF:
        emit(c, OP_BACKREF, node->a, 0);
        break;
    }
}

/* The bytes a match of node can start with; returns whether node can match the empty string. */
static bool first_bytes(const struct parser *ps, const struct rx *re, int n, struct byteset *out)
{
    const struct node *node = &ps->nodes[n];
    struct byteset tmp;
    switch (node->kind) {
    case N_CHAR:
        set_add(out, node->a);
        if (re->icase) {
            set_add(out, tolower(node->a));
            set_add(out, toupper(node->a));
        }
        return false;
    case N_ANY:
        memset(&tmp, 0xff, sizeof tmp);
        set_union(out, &tmp);
        return false;
    case N_SET:
        set_union(out, &ps->sets[node->a]);
        return false;
    case N_CAT:
        return first_bytes(ps, re, node->left, out) && first_bytes(ps, re, node->right, out);
    case N_ALT: {
        bool left = first_bytes(ps, re, node->left, out);
        return first_bytes(ps, re, node->right, out) || left;
    }
    case N_REPEAT:
        return first_bytes(ps, re, node->left, out) || node->a == 0;
    case N_GROUP:
        return first_bytes(ps, re, node->left, out);
    case N_BACKREF:
        memset(&tmp, 0xff, sizeof tmp);
        set_union(out, &tmp);
        return true;
    default:
        return true;
    }
}

struct rx *rx_compile(const char *pattern, int flags, const char **error)
{
    struct parser ps = {.p = pattern, .ere = flags & RX_EXTENDED, .icase = flags & RX_ICASE};
    int root = parse_alternation(&ps);
    struct rx *re = NULL;
    if (root < 0) {
        *error = ps.error;
        goto out_free_parser;
    }
    re = box_malloc(sizeof *re);
    *re = (struct rx){.icase = ps.icase, .ngroups = ps.ngroups, .has_backref = ps.has_backref};
    struct compiler c = {.ps = &ps, .re = re};
    compile_node(&c, root);
    emit(&c, OP_MATCH, 0, 0);
    if (c.too_big) {
        *error = "Regular expression too big";
        rx_free(re);
        re = NULL;
        goto out_free_parser;
    }
    re->nullable = first_bytes(&ps, re, root, &re->first);
    re->sets = ps.sets; /* the program's SET instructions index these */
    ps.sets = NULL;
out_free_parser:
    free(ps.nodes);
    free(ps.sets);
    return re;
}

void rx_free(struct rx *re)
{
    if (!re)
        return;
    free(re->prog);
    free(re->sets);
    free(re);
}

/* ---- matching ------------------------------------------------------------------------------ */

struct subject {
    const struct rx *re;
    const char *text;
    size_t len;
    size_t start; /* where this attempt began */
    int flags;    /* RX_WORD, RX_LINE */
    size_t best;  /* longest accepted end so far, or NO_POS */
};

static bool assertion_holds(const struct subject *s, int kind, size_t pos)
{
    bool before = pos > 0 && is_word_byte((unsigned char)s->text[pos - 1]);
    bool after = pos < s->len && is_word_byte((unsigned char)s->text[pos]);
    switch (kind) {
    case A_BOL:
        return pos == 0;
    case A_EOL:
        return pos == s->len;
    case A_WORD_BOUNDARY:
        return before != after;
    case A_NOT_WORD_BOUNDARY:
        return before == after;
    case A_WORD_START:
        return !before && after;
    case A_WORD_END:
        return before && !after;
    }
    return false;
}

static bool consumes(const struct subject *s, const struct inst *in, unsigned char c)
{
    switch (in->op) {
    case OP_CHAR:
        return (s->re->icase ? tolower(c) : c) == in->x;
    case OP_ANY:
        return c != '\n';
    case OP_SET:
        return set_has(&s->re->sets[in->x], c);
    default:
        return false;
    }
}

/* Whether a match [s->start, end) satisfies the -w / -x conditions. */
static bool acceptable(const struct subject *s, size_t end)
{
    if ((s->flags & RX_LINE) && (s->start != 0 || end != s->len))
        return false;
    if (s->flags & RX_WORD) {
        if (s->start > 0 && is_word_byte((unsigned char)s->text[s->start - 1]))
            return false;
        if (end < s->len && is_word_byte((unsigned char)s->text[end]))
            return false;
    }
    return true;
}

static void accept_end(struct subject *s, size_t end)
{
    if (acceptable(s, end) && (s->best == NO_POS || end > s->best))
        s->best = end;
}

/* ---- breadth-first (Thompson) simulation ---- */

struct pcs {
    int *pc;
    int n;
};

struct nfa {
    struct subject *s;
    unsigned *mark; /* generation a pc was last added in */
    unsigned gen;
    bool any; /* unanchored mode: some match was reached */
};

static void add_thread(struct nfa *vm, struct pcs *list, int pc, size_t pos)
{
    const struct inst *prog = vm->s->re->prog;
    while (vm->mark[pc] != vm->gen) {
        vm->mark[pc] = vm->gen;
        const struct inst *in = &prog[pc];
        switch (in->op) {
        case OP_JMP:
            pc = in->x;
            continue;
        case OP_SPLIT:
            add_thread(vm, list, in->x, pos);
            pc = in->y;
            continue;
        case OP_SAVE:
            pc++;
            continue;
        case OP_ASSERT:
            if (!assertion_holds(vm->s, in->x, pos))
                return;
            pc++;
            continue;
        case OP_MATCH:
            vm->any = true;
            accept_end(vm->s, pos);
            return;
        default:
            list->pc[list->n++] = pc;
            return;
        }
    }
}

/* Runs from s->start; with unanchored, a thread also starts at every later position and the
 * run stops at the first match (whose extent is then unknown). */
static void nfa_run(struct subject *s, bool unanchored)
{
    int n = s->re->ninst;
    struct nfa vm = {.s = s, .mark = calloc((size_t)n, sizeof(unsigned))};
    struct pcs lists[2] = {{box_malloc((size_t)n * sizeof(int)), 0},
                           {box_malloc((size_t)n * sizeof(int)), 0}};
    if (!vm.mark)
        box_die(2, "memory exhausted");
    struct pcs *cur = &lists[0], *next = &lists[1];
    vm.gen = 1;
    add_thread(&vm, cur, 0, s->start);
    for (size_t pos = s->start; pos < s->len && !(unanchored && vm.any); pos++) {
        if (cur->n == 0 && !unanchored)
            break;
        vm.gen++;
        next->n = 0;
        unsigned char c = (unsigned char)s->text[pos];
        for (int i = 0; i < cur->n; i++)
            if (consumes(s, &s->re->prog[cur->pc[i]], c))
                add_thread(&vm, next, cur->pc[i] + 1, pos + 1);
        if (unanchored)
            add_thread(&vm, next, 0, pos + 1);
        struct pcs *t = cur;
        cur = next;
        next = t;
    }
    if (unanchored && vm.any && s->best == NO_POS)
        s->best = s->start;
    free(vm.mark);
    free(lists[0].pc);
    free(lists[1].pc);
}

/* ---- backtracking, for back-references ---- */

struct backtrack {
    struct subject *s;
    size_t *caps;     /* 2 per group: start and end, NO_POS when unset */
    size_t *loop_pos; /* per unbounded loop: where its current iteration began */
    long steps;
};

static bool backref_matches(struct backtrack *bt, int group, size_t *pos)
{
    size_t from = bt->caps[2 * group], to = bt->caps[2 * group + 1];
    if (from == NO_POS || to == NO_POS || to < from)
        return false;
    size_t len = to - from;
    if (*pos + len > bt->s->len)
        return false;
    const char *a = bt->s->text + from, *b = bt->s->text + *pos;
    for (size_t i = 0; i < len; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (bt->s->re->icase ? tolower(x) != tolower(y) : x != y)
            return false;
    }
    *pos += len;
    return true;
}

/* Explores every path from pc at pos, recording acceptable ends; true stops the search (the
 * longest possible end was found, or the step budget ran out). */
static bool backtrack(struct backtrack *bt, int pc, size_t pos)
{
    const struct inst *prog = bt->s->re->prog;
    for (;;) {
        if (++bt->steps > RX_BACKTRACK_STEPS)
            return true;
        const struct inst *in = &prog[pc];
        switch (in->op) {
        case OP_CHAR:
        case OP_ANY:
        case OP_SET:
            if (pos >= bt->s->len || !consumes(bt->s, in, (unsigned char)bt->s->text[pos]))
                return false;
            pc++, pos++;
            break;
        case OP_ASSERT:
            if (!assertion_holds(bt->s, in->x, pos))
                return false;
            pc++;
            break;
        case OP_JMP:
            pc = in->x;
            break;
        case OP_SPLIT: {
            if (in->loop >= 0 && bt->loop_pos[in->loop] == pos) {
                /* Another iteration that consumes nothing cannot lead anywhere new. */
                pc = in->y;
                break;
            }
            size_t saved = in->loop >= 0 ? bt->loop_pos[in->loop] : 0;
            if (in->loop >= 0)
                bt->loop_pos[in->loop] = pos;
            bool stop = backtrack(bt, in->x, pos);
            if (in->loop >= 0)
                bt->loop_pos[in->loop] = saved;
            if (stop)
                return true;
            pc = in->y;
            break;
        }
        case OP_SAVE: {
            size_t saved = bt->caps[in->x];
            bt->caps[in->x] = pos;
            bool stop = backtrack(bt, pc + 1, pos);
            bt->caps[in->x] = saved;
            return stop;
        }
        case OP_BACKREF:
            if (!backref_matches(bt, in->x, &pos))
                return false;
            pc++;
            break;
        case OP_MATCH:
            accept_end(bt->s, pos);
            return bt->s->best == bt->s->len;
        }
    }
}

static void backtrack_run(struct subject *s)
{
    size_t ncaps = 2 * ((size_t)s->re->ngroups + 1);
    struct backtrack bt = {.s = s,
                           .caps = box_malloc(ncaps * sizeof(size_t)),
                           .loop_pos = box_malloc(((size_t)s->re->nloops + 1) * sizeof(size_t))};
    for (size_t i = 0; i < ncaps; i++)
        bt.caps[i] = NO_POS;
    for (int i = 0; i < s->re->nloops; i++)
        bt.loop_pos[i] = NO_POS;
    backtrack(&bt, 0, s->start);
    free(bt.caps);
    free(bt.loop_pos);
}

bool rx_matches(const struct rx *re, const char *text, size_t len, int flags)
{
    size_t start, end;
    if (flags || re->has_backref)
        return rx_search(re, text, len, 0, flags, &start, &end);
    struct subject s = {.re = re, .text = text, .len = len, .best = NO_POS};
    nfa_run(&s, true);
    return s.best != NO_POS;
}

bool rx_search(const struct rx *re, const char *text, size_t len, size_t from, int flags,
               size_t *start, size_t *end)
{
    struct subject s = {.re = re, .text = text, .len = len, .flags = flags};
    for (size_t pos = from; pos <= len; pos++) {
        if (!re->nullable && (pos == len || !set_has(&re->first, (unsigned char)text[pos])))
            continue;
        if ((flags & RX_LINE) && pos > 0)
            break;
        s.start = pos;
        s.best = NO_POS;
        if (re->has_backref)
            backtrack_run(&s);
        else
            nfa_run(&s, false);
        if (s.best != NO_POS) {
            *start = pos;
            *end = s.best;
            return true;
        }
    }
    return false;
}
