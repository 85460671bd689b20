/** An id Jishi takes from outside (a person, a unit, a candidate, a request): plain, at most 64 characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
