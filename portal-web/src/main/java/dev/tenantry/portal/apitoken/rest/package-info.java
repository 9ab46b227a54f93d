/** Authentication of REST calls by personal API token, before any resource runs; a bad token is a 401 problem. */
package dev.tenantry.portal.apitoken.rest;
