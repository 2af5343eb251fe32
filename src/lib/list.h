/*
 * lib/list.h - intrusive doubly linked lists.
 *
 * A list_node lives inside the object; a list is a node used as head, pointing to itself when
 * empty. Nothing allocates. Callers hold whatever lock protects the list.
 */
#ifndef LIB_LIST_H
#define LIB_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_node {
    struct list_node *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define list_entry(node, type, member) container_of(node, type, member)

static inline void list_init(struct list_node *head)
{
    head->next = head->prev = head;
}

static inline bool list_empty(const struct list_node *head)
{
    return head->next == head;
}

static inline void list_insert_between(struct list_node *n, struct list_node *prev,
                                       struct list_node *next)
{
    n->prev = prev;
    n->next = next;
    prev->next = n;
    next->prev = n;
}

static inline void list_push_front(struct list_node *head, struct list_node *n)
{
    list_insert_between(n, head, head->next);
}

static inline void list_push_back(struct list_node *head, struct list_node *n)
{
    list_insert_between(n, head->prev, head);
}

/* Unlink n; afterwards n points to itself, so list_unlinked(n) tells it is off any list. */
static inline void list_remove(struct list_node *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->next = n->prev = n;
}

static inline bool list_unlinked(const struct list_node *n)
{
    return n->next == n;
}

/* Remove and return the first node, or NULL. */
static inline struct list_node *list_pop_front(struct list_node *head)
{
    struct list_node *n = head->next;
    if (n == head)
        return NULL;
    list_remove(n);
    return n;
}

#define list_for_each(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)
/* Safe against removal of pos. */
#define list_for_each_safe(pos, tmp, head)                                                    \
    for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head); (pos) = (tmp), (tmp) = (pos)->next)

#endif /* LIB_LIST_H */
