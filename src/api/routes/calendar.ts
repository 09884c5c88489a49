import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import * as calendar from '../../services/calendar.js';
import { presentCalendarEvent } from '../presenters-followup.js';
import * as s from '../schemas.js';
import * as f from '../schemas-followup.js';
import * as policy from '../access/policy-followup.js';

/** The annual wheel: members read it, coordinators change it; the iCalendar feed is public for events marked public. */
export const calendarRoutes: FastifyPluginAsyncZod<{ db: Db; publicUrl?: string | undefined }> = async (app, { db, publicUrl }) => {
  const uidDomain = publicUrl ? new URL(publicUrl).hostname : 'fridplan.local';

  app.get('/organizations/:organizationId/calendar', {
    config: { policy: policy.organizationFollowUp('read') },
    schema: { tags: ['calendar'], summary: 'The annual wheel: events, and their occurrences in a window (yearly events once per year)', params: s.organizationParams, querystring: f.calendarQuery, response: { 200: f.calendarResponse, ...s.responses.errors } },
    handler: async (req) => {
      const result = await calendar.listCalendar(db, req.actor, req.params.organizationId, req.query);
      return {
        from: result.from,
        to: result.to,
        events: result.events.map(presentCalendarEvent),
        occurrences: result.occurrences.map((o) => ({ ...presentCalendarEvent(o), occurrenceStart: o.occurrenceStart, occurrenceEnd: o.occurrenceEnd })),
      };
    },
  });

  app.get('/organizations/:organizationId/calendar.ics', {
    config: { policy: policy.calendarFeed },
    schema: {
      tags: ['calendar'],
      summary: 'The annual wheel as an iCalendar feed (RFC 5545): public events for everyone, all events for members signed in',
      params: s.organizationParams,
      produces: ['text/calendar'],
    },
    handler: async (req, reply) => {
      const body = await calendar.calendarFeed(db, req.actor, req.params.organizationId, uidDomain);
      return reply.header('content-type', 'text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="arshjul.ics"').header('cache-control', 'no-cache').send(body);
    },
  });

  app.post('/organizations/:organizationId/calendar', {
    config: { policy: policy.organizationFollowUp('manage') },
    schema: { tags: ['calendar'], params: s.organizationParams, body: f.createCalendarEventBody, response: { 201: f.calendarEvent, ...s.responses.errors } },
    handler: async (req, reply) => reply.code(201).send(presentCalendarEvent(await calendar.createCalendarEvent(db, req.actor, req.params.organizationId, req.body))),
  });

  app.post('/organizations/:organizationId/calendar/campaigns', {
    config: { policy: policy.organizationFollowUp('manage') },
    schema: { tags: ['calendar'], summary: 'Add the recurring campaigns (Orange Week, 16 days of activism, Vecka fri från våld) not yet on the wheel', params: s.organizationParams, body: f.addCampaignsBody, response: { 201: f.calendarEventList, ...s.responses.errors } },
    handler: async (req, reply) => reply.code(201).send((await calendar.addCampaigns(db, req.actor, req.params.organizationId, req.body.year, req.body.isPublic)).map(presentCalendarEvent)),
  });

  app.patch('/organizations/:organizationId/calendar/:eventId', {
    config: { policy: policy.calendarEventManage },
    schema: { tags: ['calendar'], params: f.calendarEventParams, body: f.updateCalendarEventBody, response: { 200: f.calendarEvent, ...s.responses.errors } },
    handler: async (req) => presentCalendarEvent(await calendar.updateCalendarEvent(db, req.actor, req.params.eventId, req.body)),
  });

  app.delete('/organizations/:organizationId/calendar/:eventId', {
    config: { policy: policy.calendarEventManage },
    schema: { tags: ['calendar'], params: f.calendarEventParams, querystring: s.versionQuery, response: { 204: s.empty, ...s.responses.errors } },
    handler: async (req, reply) => {
      await calendar.deleteCalendarEvent(db, req.actor, req.params.eventId, req.query.version);
      return reply.code(204).send(null);
    },
  });
};
