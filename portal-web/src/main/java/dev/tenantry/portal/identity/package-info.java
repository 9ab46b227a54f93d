/**
 * Who is calling: the signed-in member of staff (or the owner of the API token) in this request, and the Entra
 * settings of the MSP's own tenant (authority, client, TLS) that sign-in, consent and the Graph gateway share. Decides
 * nothing about what the caller may do; signing in is {@code signin}'s.
 */
package dev.tenantry.portal.identity;
