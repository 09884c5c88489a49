ALTER TABLE "consultations" DROP CONSTRAINT "consultations_version_id_plan_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_version_id_plan_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."plan_versions"("id") ON DELETE cascade ON UPDATE no action;