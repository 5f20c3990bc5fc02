CREATE TABLE "address_points" (
	"id" text PRIMARY KEY NOT NULL,
	"street_id" text,
	"number" integer NOT NULL,
	"rep" text,
	"street" text NOT NULL,
	"postcode" text,
	"citycode" text NOT NULL,
	"city" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "boundaries" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"citycode" text,
	"geometry" jsonb NOT NULL,
	"centre_lon" double precision NOT NULL,
	"centre_lat" double precision NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_site_areas" (
	"site_id" text NOT NULL,
	"area_id" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "care_site_areas_site_id_area_id_pk" PRIMARY KEY("site_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "care_sites" (
	"id" text PRIMARY KEY NOT NULL,
	"finess" text,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"postcode" text,
	"city" text,
	"citycode" text,
	"lon" double precision,
	"lat" double precision,
	"phone" text,
	"public" text NOT NULL,
	"opening_hours" text,
	"opening_hours_demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"source_url" text,
	"effective_date" date,
	"verified_at" date,
	"verified_by" text,
	"confidence" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catchment_zones" (
	"id" text PRIMARY KEY NOT NULL,
	"area_id" text NOT NULL,
	"mode" text DEFAULT 'include' NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"citycode" text,
	"street" text,
	"street_id" text,
	"from_number" integer,
	"to_number" integer,
	"parity" text,
	"geometry" jsonb,
	"source" text NOT NULL,
	"source_url" text,
	"effective_date" date,
	"verified_at" date,
	"verified_by" text,
	"confidence" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catchment_zones_shape_check" CHECK (("catchment_zones"."kind" = 'commune' and "catchment_zones"."citycode" is not null)
       or ("catchment_zones"."kind" = 'polygon' and "catchment_zones"."geometry" is not null)
       or ("catchment_zones"."kind" = 'street' and "catchment_zones"."citycode" is not null and ("catchment_zones"."street" is not null or "catchment_zones"."street_id" is not null))
       or ("catchment_zones"."kind" = 'number_range' and "catchment_zones"."citycode" is not null and ("catchment_zones"."street" is not null or "catchment_zones"."street_id" is not null)
           and "catchment_zones"."from_number" is not null and "catchment_zones"."to_number" is not null and "catchment_zones"."from_number" <= "catchment_zones"."to_number" and "catchment_zones"."parity" is not null))
);
--> statement-breakpoint
CREATE TABLE "change_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "service_areas" (
	"id" text PRIMARY KEY NOT NULL,
	"territory_id" text NOT NULL,
	"layer" text NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"establishment_name" text,
	"establishment_finess" text,
	"address" text,
	"phone" text,
	"opening_hours" text,
	"note" text,
	"source" text NOT NULL,
	"source_url" text,
	"effective_date" date,
	"verified_at" date,
	"verified_by" text,
	"confidence" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "territories" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"citycodes" text[] NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "care_site_areas" ADD CONSTRAINT "care_site_areas_site_id_care_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."care_sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_site_areas" ADD CONSTRAINT "care_site_areas_area_id_service_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."service_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catchment_zones" ADD CONSTRAINT "catchment_zones_area_id_service_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."service_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_areas" ADD CONSTRAINT "service_areas_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "address_points_citycode_idx" ON "address_points" USING btree ("citycode");--> statement-breakpoint
CREATE INDEX "care_site_areas_area_idx" ON "care_site_areas" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "catchment_zones_area_idx" ON "catchment_zones" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "change_log_entity_idx" ON "change_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "service_areas_territory_idx" ON "service_areas" USING btree ("territory_id");